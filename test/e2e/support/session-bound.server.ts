import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { IsBoolean } from 'class-validator';
import { McpApplication, McpContext, McpServer, Tool } from '../../../src';

class GoOn {
  @IsBoolean()
  proceed!: boolean;
}

/** What the handlers did, for the tests to wait on: `started`, and `aborted` with the reason. */
export const handlerEvents = new EventEmitter();

/**
 * Work that belongs to a session: a tool that runs (as a task, if asked) until it is cancelled,
 * and one that asks the client a question and waits for the answer.
 */
@McpServer({ name: 'session-bound', version: '1.0.0' })
export class SessionBoundServer {
  @Tool({ description: 'Works until it is cancelled', taskSupport: 'optional' })
  async work_until_cancelled(ctx: McpContext) {
    handlerEvents.emit('started');
    return new Promise((_, reject) => {
      ctx.signal.addEventListener(
        'abort',
        () => {
          handlerEvents.emit('aborted', String(ctx.signal.reason));
          reject(ctx.signal.reason);
        },
        { once: true },
      );
    });
  }

  @Tool({ description: 'Asks the user whether to go on' })
  async ask(ctx: McpContext) {
    const answer = await ctx.elicit('Go on?', GoOn);
    return answer.action;
  }
}

/**
 * Run as a process: the server over stdio with its state on Redis under `SESSION_BOUND_PREFIX`
 * (`ARMATURE_REDIS_URL`, `ARMATURE_STATE_KEY`), telling stderr when a handler is aborted.
 */
async function main() {
  handlerEvents.on('aborted', (reason: string) => process.stderr.write(`aborted: ${reason}\n`));
  const app = await McpApplication.create(SessionBoundServer, {
    state: { type: 'redis', url: process.env.ARMATURE_REDIS_URL, prefix: process.env.SESSION_BOUND_PREFIX },
    stateKey: process.env.ARMATURE_STATE_KEY,
  });
  await app.listen({ transport: 'stdio' });
}

if (require.main === module) void main();
