import { EventEmitter } from 'node:events';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { inject, injectable } from 'tsyringe';
import {
  Description,
  McpContext,
  McpRegistry,
  McpServer,
  Prompt,
  Resource,
  ResourceNotifier,
  Tool,
  UriParam,
} from '../../src';

/** What long-running fixture handlers do, for tests to wait on: `started`, `aborted` (with the reason). */
export const handlerEvents = new EventEmitter();

export class AddArgs {
  @IsInt()
  @Description('First addend')
  a!: number;

  @IsInt()
  @Min(0)
  b!: number;
}

export class DelayArgs {
  @IsInt()
  @Min(0)
  ms!: number;

  @IsOptional()
  @IsBoolean()
  confirm?: boolean;
}

export class Sum {
  @IsInt()
  sum!: number;
}

export class Confirm {
  @IsString()
  answer!: string;
}

@injectable()
export class Counter {
  value = 0;
}

/** A small server that exercises each part of the pipeline; integration tests share it. */
@McpServer({ name: 'fixture', version: '2.0.0', instructions: 'for tests' })
export class FixtureServer {
  constructor(
    @inject(Counter) readonly counter: Counter,
    readonly registry: McpRegistry,
    readonly notifier: ResourceNotifier,
  ) {}

  @Tool({ description: 'Adds two integers', outputSchema: Sum })
  add(args: AddArgs) {
    return { sum: args.a + args.b };
  }

  @Tool({ description: 'Fails unexpectedly' })
  explode(): never {
    throw new Error('database password is hunter2');
  }

  @Tool({ description: 'Counts how often it ran, then asks for confirmation' })
  async confirmTwice(ctx: McpContext) {
    this.counter.value++;
    const first = await ctx.elicit('First?', Confirm);
    const second = await ctx.elicit('Second?', Confirm);
    const answers = [first, second].map((a) => (a.action === 'accept' ? a.content.answer : a.action));
    return answers.join(' & ');
  }

  @Tool({ description: 'Waits until cancelled' })
  async waitForCancel(ctx: McpContext) {
    handlerEvents.emit('started', 'waitForCancel');
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    handlerEvents.emit('aborted', String(ctx.signal.reason));
    return 'cancelled';
  }

  @Tool({ description: 'Reads the client roots' })
  async listRoots(ctx: McpContext) {
    return (await ctx.roots()).map((r) => r.uri).join(',');
  }

  @Tool({ description: 'Writes a report slowly; may run as a task', taskSupport: 'optional' })
  async slowReport(args: DelayArgs, ctx: McpContext) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, args.ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
    if (args.confirm) {
      const answer = await ctx.elicit('Publish the report?', Confirm);
      return answer.action === 'accept' ? `published: ${answer.content.answer}` : 'not published';
    }
    return `report after ${args.ms} ms`;
  }

  @Tool({ description: 'Only runs as a task', taskSupport: 'required' })
  async batchOnly() {
    return 'done';
  }

  @Tool({ description: 'Lets the client model call a weather tool while it answers' })
  async askWithTools(ctx: McpContext) {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: 'Weather in Oslo?' } }],
      maxTokens: 200,
      tools: [{ name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { mode: 'auto' },
    });
    return JSON.stringify(answer.content);
  }

  @Resource('memo://{id}', { mimeType: 'text/plain' })
  memo(@UriParam('id') id: string) {
    return `memo ${id}`;
  }

  @Prompt({ description: 'Greets' })
  greet(args: Confirm) {
    return `Hello ${args.answer}`;
  }
}

/** Signs the user in through a URL, the two ways the spec allows. */
@McpServer({ name: 'signin', version: '1.0.0' })
export class SignInServer {
  @Tool({ description: 'Asks the user to sign in through a URL, then goes on' })
  async connectAccount(ctx: McpContext) {
    const answer = await ctx.elicitUrl('Sign in to continue', 'https://auth.example.com/start');
    return `${answer.action}:${answer.elicitationId}`;
  }

  @Tool({ description: 'Cannot go on before the user signed in' })
  needsSignIn(ctx: McpContext): never {
    throw ctx.urlElicitationRequired('Sign in first', 'https://auth.example.com/start');
  }
}
