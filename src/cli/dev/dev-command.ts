import { createServer } from 'node:net';
import { dirname, relative } from 'node:path';
import type { CliFlags } from '../../app/config/launch-context';
import { resolveLaunch } from '../../app/config/resolve-listen-options';
import { selectProject } from '../project-selection';
import { ARMATURE_BIN, ChildServer } from './child-server';
import { inspectorCommand } from './inspector-command';
import { watchSources } from './source-watcher';
import { StdioRelay } from './stdio-relay';

export interface DevCommand {
  project?: string;
  config?: string;
  flags: CliFlags;
}

/**
 * `armature dev`: runs the project as `armature start` would, in a child process, and starts a new
 * one when a source file changes. Over HTTP the port is fixed for the whole session (a free one is
 * picked once when the configuration says 0), so the URL stays the same. Over stdio this process
 * holds the client's pipe (see StdioRelay), so the client keeps its connection.
 */
export async function runDev(command: DevCommand): Promise<undefined> {
  const cwd = process.cwd();
  const selection = selectProject(command.project, command.config, cwd);
  const { options } = resolveLaunch(
    {},
    {
      cwd,
      configPath: selection.configPath,
      project: selection.project,
      cliFlags: command.flags,
      mainFile: selection.entry,
    },
  );
  const transport = String(options.transport);
  const flags: CliFlags = { ...command.flags };
  if (transport !== 'stdio' && Number(options.port) === 0)
    flags.port = await freePort(String(options.host ?? '127.0.0.1'));
  const target =
    selection.project && selection.configPath
      ? ['--config', selection.configPath, selection.project]
      : [selection.entry];
  const startArgs = [...target, ...flagArgs(flags)];
  const root = selection.configPath ? dirname(selection.configPath) : dirname(selection.entry);
  const say = (line: string) => process.stderr.write(`armature dev: ${line}\n`);

  let child: ChildServer | undefined;
  let stopping = false;
  const relay =
    transport === 'stdio' ? new StdioRelay(process.stdin, process.stdout, () => void shutdown(0)) : undefined;

  /** Starts a server; resolves with its URL (HTTP), '' (stdio), or undefined if it died first. */
  const startChild = async (): Promise<string | undefined> => {
    const next = new ChildServer(startArgs, relay ? 'pipe' : 'inherit');
    child = next;
    relay?.attach(next.process);
    void next.exited.then((code) => {
      if (child !== next || stopping) return;
      relay?.detach('the server exited');
      say(`the server exited (${code}); save a file to start it again`);
    });
    return Promise.race([next.listening.then((url) => url ?? ''), next.exited.then(() => undefined)]);
  };

  let restarting = false;
  let again: string | undefined;
  const restart = async (file: string): Promise<void> => {
    if (restarting) {
      again = file;
      return;
    }
    restarting = true;
    for (let changed: string | undefined = file; changed !== undefined; changed = again) {
      again = undefined;
      say(`${relative(root, changed)} changed: restarting`);
      const old = child;
      child = undefined;
      if (old) {
        relay?.detach('the server restarted');
        await old.stop(options.shutdownTimeoutMs ?? 5_000);
      }
      const url = await startChild();
      if (url !== undefined) say(`restarted${url ? ` at ${url}` : ''}`);
    }
    restarting = false;
  };

  const watcher = watchSources(root, (file) => void restart(file));
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await watcher.close();
    await child?.stop(options.shutdownTimeoutMs ?? 5_000);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  await watcher.ready;
  const url = await startChild();
  const name = selection.project ?? relative(cwd, selection.entry);
  say(`serving ${name} over ${transport}${url ? ` at ${url}` : ''}, watching ${root}`);
  say(`MCP Inspector: ${inspectorCommand(transport, [ARMATURE_BIN, 'dev', ...startArgs], url)}`);
  return undefined;
}

function flagArgs(flags: CliFlags): string[] {
  const args: string[] = [];
  if (flags.transport !== undefined) args.push('--transport', flags.transport);
  if (flags.host !== undefined) args.push('--host', flags.host);
  if (flags.port !== undefined) args.push('--port', String(flags.port));
  if (flags.path !== undefined) args.push('--path', flags.path);
  if (flags.timeoutMs !== undefined) args.push('--timeout-ms', String(flags.timeoutMs));
  return args;
}

/** A port free now, to keep for every restart of this session. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
