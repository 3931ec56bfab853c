import 'reflect-metadata';
import { Description, McpContext, McpServer, Resource, ResourceNotifier, Tool } from 'armature-mcp';
import { IsString } from 'class-validator';

export class NameQuestion {
  @IsString()
  @Description('Your name')
  name!: string;
}

export class TouchArgs {
  @IsString()
  @Description('The URI of the resource that changed')
  uri!: string;
}

/**
 * What the scaling tests ask of a server: a question for the client, a call that runs until it is
 * cancelled, and a way to announce a resource change from inside a request. Every instance behind
 * the balancer serves this same class.
 */
@McpServer({ name: 'scaling-fixture', version: '1.0.0' })
export class ScalingServer {
  /** Why each cancelled `wait_for_cancel` stopped, in this process (in-process instances share it). */
  static readonly cancelled: string[] = [];

  constructor(private readonly notifier: ResourceNotifier) {}

  @Tool({ description: 'Asks the client for a name and greets it' })
  async ask_name(ctx: McpContext) {
    const answer = await ctx.elicit('What is your name?', NameQuestion);
    return answer.action === 'accept' ? `Hello, ${answer.content.name}` : `No name (${answer.action})`;
  }

  @Tool({ description: 'Runs until the client cancels it', taskSupport: 'optional' })
  async wait_for_cancel(ctx: McpContext) {
    await ctx.progress(0, 1, 'waiting for a cancellation');
    const reason = await new Promise<string>((resolve) => {
      if (ctx.signal.aborted) resolve(String(ctx.signal.reason));
      ctx.signal.addEventListener('abort', () => resolve(String(ctx.signal.reason)), { once: true });
    });
    ScalingServer.cancelled.push(reason);
    return 'cancelled';
  }

  @Tool({ description: 'Announces that a resource changed' })
  touch(args: TouchArgs) {
    this.notifier.updated(args.uri);
    return `touched ${args.uri}`;
  }

  @Tool({ description: 'Logs a line to the client, then answers' })
  async log_line(ctx: McpContext) {
    ctx.log('info', 'a line from the handler');
    return 'logged';
  }

  @Tool({ description: 'Logs a line at debug level, which only a client that asked for debug sees' })
  async log_debug(ctx: McpContext) {
    ctx.log('debug', 'a debug line');
    return 'logged at debug';
  }

  /** Releases every `closes_stream` call waiting in this process. */
  static release: () => void = () => undefined;

  @Tool({ description: 'Ends its response stream, sends progress, and answers once released' })
  async closes_stream(ctx: McpContext) {
    const released = new Promise<void>((resolve) => {
      ScalingServer.release = resolve;
    });
    ctx.closeStream();
    await released;
    await ctx.progress(1, 2, 'after the stream closed');
    return 'finished after the stream closed';
  }

  @Tool({ description: 'Says which process runs it (in a progress message), then runs until that process dies' })
  async runs_until_killed(ctx: McpContext) {
    await ctx.progress(0, 1, String(process.pid));
    return new Promise<string>((resolve) => ctx.signal.addEventListener('abort', () => resolve('cancelled')));
  }

  @Tool({ description: 'Says whose bearer token the call came with' })
  who_calls(ctx: McpContext) {
    return ctx.auth?.subject ?? 'anonymous';
  }

  @Tool({ description: 'Says which process served the call' })
  whoami() {
    return String(process.pid);
  }

  @Resource('scaling://note', { name: 'note', mimeType: 'text/plain' })
  note() {
    return 'a note';
  }
}
