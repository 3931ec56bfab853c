import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Args, Complete, Ctx, McpContext, McpServer, Prompt, Resource, Tool, UriParam } from '../../../src';
import { scanServer } from '../../../src/discovery/scanner';
import { McpRegistry } from '../../../src/registry/mcp-registry';

class NameArgs {
  @IsString()
  name!: string;
}

interface NotAClass {
  name: string;
}

function scan(cls: Function): McpRegistry {
  const registry = new McpRegistry();
  scanServer(cls, () => ({}), registry);
  return registry;
}

describe('scanner start-up errors name Class.method and the fix', () => {
  it('refuses a class without @McpServer', () => {
    class Plain {}
    expect(() => scan(Plain)).toThrow('Plain: is not decorated with @McpServer');
  });

  it('refuses a tool whose input is typed by an interface (no runtime type)', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: 'd' })
      greet(@Args() args: NotAClass) {
        return args.name;
      }
    }
    expect(() => scan(Server)).toThrow(/Server\.greet: parameter #0 has no DTO type/);
  });

  it('refuses duplicate tool names', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ name: 'same', description: 'd' })
      a() {}
      @Tool({ name: 'same', description: 'd' })
      b() {}
    }
    expect(() => scan(Server)).toThrow('Server.b: a tool named "same" is already declared');
  });

  it.each(['', 'has space', 'x'.repeat(129), 'slash/name'])('refuses the invalid tool name %j', (name) => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ name, description: 'd' })
      a() {}
    }
    expect(() => scan(Server)).toThrow(/Server\.a: invalid tool name/);
  });

  it('refuses a tool without a description', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: ' ' })
      a() {}
    }
    expect(() => scan(Server)).toThrow('Server.a: a tool needs a description');
  });

  it('refuses @Tool on a static method', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: 'd' })
      static a() {}
    }
    expect(() => scan(Server)).toThrow(/Server\.a: @Tool is on a static method/);
  });

  it('refuses a bad URI template', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Resource('notes://{id')
      note() {}
    }
    expect(() => scan(Server)).toThrow(/Server\.note: bad URI template "notes:\/\/\{id"/);
  });

  it('refuses a @UriParam that is not a template variable', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Resource('notes://{id}')
      note(@UriParam('slug') slug: string) {
        return slug;
      }
    }
    expect(() => scan(Server)).toThrow(`Server.note: @UriParam('slug') is not a variable of "notes://{id}"`);
  });

  it('refuses a parameter it cannot bind', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: 'd' })
      a(args: NameArgs, count: number) {
        return [args, count];
      }
    }
    expect(() => scan(Server)).toThrow(/Server\.a: parameter #1 \(Number\) cannot be bound/);
  });

  it('refuses two input parameters', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: 'd' })
      a(first: NameArgs, second: NameArgs) {
        return [first, second];
      }
    }
    expect(() => scan(Server)).toThrow('Server.a: has two input parameters; put every input in one DTO class');
  });

  it('refuses @Complete for an argument that does not exist', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Prompt({ description: 'd' })
      greet(args: NameArgs) {
        return args.name;
      }
      @Complete({ prompt: 'greet', argument: 'nickname' })
      complete() {
        return [];
      }
    }
    expect(() => scan(Server)).toThrow('Server.complete: the prompt "greet" has no argument "nickname"');
  });

  it('binds DTOs, McpContext and URI variables by type or by decorator', () => {
    @McpServer({ name: 's', version: '1' })
    class Server {
      @Tool({ description: 'd' })
      a(args: NameArgs, ctx: McpContext) {
        return [args, ctx];
      }
      @Tool({ description: 'd' })
      b(@Ctx() ctx: unknown, @Args() args: NameArgs) {
        return [args, ctx];
      }
      @Resource('notes://{id}')
      note(@UriParam('id') id: string, ctx: McpContext) {
        return [id, ctx];
      }
    }
    const registry = scan(Server);
    expect(registry.tools.enabled().map((t) => t.name)).toEqual(['a', 'b']);
    expect(registry.tools.get('a')?.descriptor.inputSchema).toMatchObject({ required: ['name'] });
    expect(registry.templates.get('notes://{id}')?.descriptor).toEqual({ uriTemplate: 'notes://{id}', name: 'note' });
  });
});
