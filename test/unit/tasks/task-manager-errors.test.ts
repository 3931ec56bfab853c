import type { Logger } from '../../../src/core/logging/logger';
import { ErrorFunnel } from '../../../src/core/protocol/error-funnel';
import { McpError } from '../../../src/core/protocol/mcp-error';
import type { Task } from '../../../src/core/stores/task-record';
import { MemoryTaskStore } from '../../../src/state/memory/memory-task-store';
import { TaskManager } from '../../../src/tasks/task-manager';

/** A logger that keeps what it was told, so the tests can see where the details went. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  return { lines, error: keep, warn: keep, info: keep, debug: keep } as unknown as Logger & { lines: string[] };
}

/** Starts a task whose run throws `thrown`, and resolves with its outcome once it has finished. */
async function outcomeOfThrowing(manager: TaskManager, thrown: unknown) {
  const finished = new Promise<Task>((resolve) => {
    void manager.start({
      owner: 'alice',
      isErrorFails: true,
      run: () => Promise.reject(thrown),
      onStatus: (task) => {
        if (task.status === 'failed' || task.status === 'completed') resolve(task);
      },
    });
  });
  const task = await finished;
  return manager.result('alice', task.taskId, new AbortController().signal);
}

describe('a task whose run throws', () => {
  it('fails with a masked internal error, the details going to the server log only', async () => {
    const logger = recordingLogger();
    const manager = new TaskManager(new MemoryTaskStore(), {}, undefined, new ErrorFunnel(logger));
    const outcome = await outcomeOfThrowing(manager, new Error('password=hunter2 rejected by db-7'));
    expect(outcome).toEqual({ error: { code: -32603, message: 'Internal error' } });
    expect(logger.lines.join('\n')).toContain('password=hunter2');
  });

  it('shows the message when the server exposes errors, and keeps a protocol error as it is', async () => {
    const exposing = new TaskManager(new MemoryTaskStore(), {}, undefined, new ErrorFunnel(recordingLogger(), true));
    expect(await outcomeOfThrowing(exposing, new Error('disk full'))).toEqual({
      error: { code: -32603, message: 'Internal error: disk full' },
    });
    const masking = new TaskManager(new MemoryTaskStore(), {}, undefined, new ErrorFunnel(recordingLogger()));
    expect(await outcomeOfThrowing(masking, new McpError(-32602, 'Invalid params: no such report'))).toMatchObject({
      error: { code: -32602, message: 'Invalid params: no such report' },
    });
  });

  it('is masked even by a manager built without an error funnel', async () => {
    const manager = new TaskManager(new MemoryTaskStore());
    expect(await outcomeOfThrowing(manager, new Error('secret'))).toEqual({
      error: { code: -32603, message: 'Internal error' },
    });
  });
});
