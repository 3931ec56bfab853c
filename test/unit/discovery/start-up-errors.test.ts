import 'reflect-metadata';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import ts from 'typescript';
import * as armature from '../../../src';
import { scanServer } from '../../../src/discovery/scanner';
import { McpRegistry } from '../../../src/registry/mcp-registry';

// These tests compile small server sources with the TypeScript compiler under the settings a user might
// have, so the metadata they see is what tsc really emits, not a hand-made imitation.

const SERVER = `
import { IsString } from 'class-validator';
import { McpServer, Tool } from 'armature-mcp';
import type { GreetArgs } from './dto';

@McpServer({ name: 'greeter', version: '1.0.0' })
export class GreeterServer {
  @Tool({ description: 'Greets someone' })
  greet(args: GreetArgs) {
    return 'hello ' + args.name;
  }
}
`;

class GreetArgs {
  @IsString() name!: string;
}

function compileServer(source: string, emitDecoratorMetadata: boolean): Function {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata,
    },
  });
  const modules: Record<string, unknown> = {
    'class-validator': require('class-validator'),
    'armature-mcp': armature,
    './dto': { GreetArgs },
  };
  const exports: Record<string, unknown> = {};
  new Function('require', 'exports', outputText)((name: string) => modules[name], exports);
  return exports.GreeterServer as Function;
}

function scan(cls: Function): McpRegistry {
  const registry = new McpRegistry();
  scanServer(cls, () => ({}), registry);
  return registry;
}

describe('start-up errors about decorator metadata name the cause and the fix', () => {
  it('names the tsconfig flags and the runners that drop metadata when none was emitted', () => {
    const server = compileServer(SERVER.replace('import type', 'import'), false);
    expect(() => scan(server)).toThrow(
      /^GreeterServer: has no decorator metadata \(design:paramtypes\).*"emitDecoratorMetadata": true.*tsx and esbuild drop it/,
    );
  });

  it('names `import type` when the DTO class was erased to Object', () => {
    const server = compileServer(SERVER, true);
    expect(() => scan(server)).toThrow(
      /GreeterServer\.greet: parameter #0 has no DTO type \(Object\).*`import type \{ Dto \}` erases the class/,
    );
  });

  it('binds the DTO when the class is imported as a value and metadata is emitted', () => {
    const server = compileServer(SERVER.replace('import type', 'import'), true);
    expect(scan(server).tools.get('greet')?.descriptor.inputSchema).toMatchObject({ required: ['name'] });
  });
});

describe('start-up errors about DTOs without class-validator decorators', () => {
  it('names the class and the property that has no decorator', () => {
    class SayArgs {
      text!: string;
    }
    @armature.McpServer({ name: 's', version: '1' })
    class Server {
      @armature.Tool({ description: 'd' })
      say(args: SayArgs) {
        return args.text;
      }
    }
    expect(() => scan(Server)).toThrow(
      'Server.say: SayArgs.text has no class-validator decorator, so every call would be refused ("property text should not exist")',
    );
  });

  it('names an undecorated property next to decorated ones, and in nested DTOs of prompts', () => {
    class Tone {
      @IsString() mood!: string;
      volume = 3;
    }
    class PitchArgs {
      @IsOptional() @IsString() topic?: string;
      @armature.Field({ type: () => Tone }) @ValidateNested() tone!: Tone;
    }
    @armature.McpServer({ name: 's', version: '1' })
    class Server {
      @armature.Prompt({ description: 'd' })
      pitch(args: PitchArgs) {
        return `${args.topic}`;
      }
    }
    expect(() => scan(Server)).toThrow(/^Server\.pitch: Tone\.volume has no class-validator decorator/);
  });

  it('names a DTO class with no decorators and no fields', () => {
    class Nothing {}
    @armature.McpServer({ name: 's', version: '1' })
    class Server {
      @armature.Tool({ description: 'd' })
      run(args: Nothing) {
        return args;
      }
    }
    expect(() => scan(Server)).toThrow(
      'Server.run: Nothing has no class-validator decorators, so it accepts no property: decorate each property (e.g. @IsString()), or drop the parameter if the method takes no input',
    );
  });
});
