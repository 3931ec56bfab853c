import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { flushCompileCache } from '../../loader/compile-cache.cjs';
import { ConfigError } from '../app/config/config-error';
import { type CliFlags, setLaunchContext } from '../app/config/launch-context';
import { resolveLaunch } from '../app/config/resolve-listen-options';
import { resolveTimeoutMs } from '../app/config/resolve-timeout';
import { readLogFormat } from '../core/logging/log-sink';
import { readLogLevel } from '../core/logging/logger';
import { type CliCommand, parseCliArgs } from './args';
import { loadEntry } from './entry-loader';
import { selectProject } from './project-selection';
import { UsageError } from './usage-error';

// The other commands' modules are required when their command runs: `armature start`, which an MCP
// client spawns and waits on, loads only what starting a server needs.
type Help = typeof import('./help');
type Inspect = typeof import('./inspect');
type Install = typeof import('./install-command');
type Scaffold = typeof import('./scaffold/new-project');
type Hints = typeof import('./clients/connect-hints');

const INSPECT_TIMEOUT_MS = Number(process.env.ARMATURE_INSPECT_TIMEOUT_MS ?? 30_000);

/**
 * Runs `armature …`. Resolves with the exit code for commands that finish (help, inspect, errors),
 * or undefined once `start` has loaded the entry (the server then keeps the process alive).
 */
export async function runCli(argv: readonly string[]): Promise<number | undefined> {
  try {
    const command = parseCliArgs(argv);
    switch (command.command) {
      case 'help':
        process.stdout.write((require('./help') as Help).helpText(command.topic));
        return 0;
      case 'version':
        process.stdout.write(`${version()}\n`);
        return 0;
      case 'start':
      case 'inspect':
        return await launch(command);
      case 'dev': {
        // Required here: a plain `start` needs no file watcher.
        const dev: typeof import('./dev/dev-command') = require('./dev/dev-command');
        return await dev.runDev(command);
      }
      case 'new':
        return await scaffold(command);
      case 'install':
        return (require('./install-command') as Install).runInstall(command, (text) => process.stdout.write(text));
    }
  } catch (error) {
    return fail(error);
  }
}

/** Start-up failures whose message already says what to fix: printed without a stack. */
const EXPLAINED_ERRORS = new Set(['ConfigError', 'DefinitionError', 'ListenError', 'TopLevelAwaitError']);

function fail(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`armature: ${error.message}\nRun "armature --help" for usage.\n`);
    return error.exitCode;
  }
  // By name, not instanceof: the entry may load a second copy of the framework (dist vs src).
  if (error instanceof Error && EXPLAINED_ERRORS.has(error.name)) {
    process.stderr.write(`armature: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`armature: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

async function launch(
  command: Extract<CliCommand, { command: 'start' | 'dev' | 'inspect' }>,
): Promise<number | undefined> {
  const cwd = process.cwd();
  try {
    readLogLevel();
    readLogFormat();
  } catch (error) {
    throw new ConfigError([(error as Error).message], 'the environment');
  }
  const { configPath, project, entry } = selectProject(command.project, command.config, cwd);
  const flags: CliFlags = command.command === 'start' ? command.flags : {};
  // Validate everything (file, environment, flags) before any user code runs.
  const { options } = resolveLaunch({}, { cwd, configPath, project, cliFlags: flags, mainFile: entry });
  resolveTimeoutMs(undefined, { cwd, configPath, project, cliFlags: flags, mainFile: entry });
  const inspect = async (app: unknown) => {
    const { inspectApplication, inspectionOf } = require('./inspect') as Inspect;
    const text =
      command.command === 'inspect' && command.json
        ? `${JSON.stringify(inspectionOf(app as never), null, 2)}\n`
        : inspectApplication(app as never);
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    process.exit(0);
  };
  // A person running `armature start` over HTTP is told how to connect; a server started by
  // `armature dev` reports to it instead (dev prints its own hints).
  const printHints = (url: string | undefined) => {
    if (url)
      process.stderr.write(
        (require('./clients/connect-hints') as Hints).connectHints({ project, entry, configPath, url }),
      );
  };
  setLaunchContext({
    project,
    entry,
    configPath,
    flags,
    inspect: command.command === 'inspect' ? inspect : undefined,
    onListening: withCompileCacheFlushed(devChildReport() ?? (command.command === 'start' ? printHints : undefined)),
  });

  if (command.command === 'inspect') {
    const timer = setTimeout(() => {
      process.stderr.write(
        `armature: ${relative(cwd, entry)} did not call app.listen() within ${INSPECT_TIMEOUT_MS} ms\n`,
      );
      process.exit(1);
    }, INSPECT_TIMEOUT_MS);
    timer.unref();
  }
  // The entry's `main()` rejects when listen() cannot start (port in use, bad config): one clear line.
  process.on('unhandledRejection', (reason) => {
    process.exit(fail(reason));
  });
  if (command.command === 'start') {
    if (options.transport !== 'stdio') {
      process.stderr.write(
        `armature: starting ${project ?? 'the entry'} (${relative(cwd, entry) || entry}) over ${String(options.transport)}\n`,
      );
    }
  }
  process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
  await loadEntry(entry);
  return undefined;
}

/**
 * The compile cache (turned on by bin/armature.js) is written when the process exits, and a server is
 * usually killed rather than exited: written once the server listens, the next start finds it.
 */
function withCompileCacheFlushed(then?: (url: string | undefined) => void): (url: string | undefined) => void {
  return (url) => {
    flushCompileCache();
    then?.(url);
  };
}

/** A server started by `armature dev` reports over IPC that it listens; the channel must not keep it alive. */
function devChildReport(): ((url: string | undefined) => void) | undefined {
  const send = process.send?.bind(process);
  if (process.env.ARMATURE_DEV_CHILD !== '1' || !send) return undefined;
  process.channel?.unref();
  return (url) => send({ armatureDev: 'listening', url });
}

async function scaffold(command: Extract<CliCommand, { command: 'new' }>): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { newProject } = require('./scaffold/new-project') as Scaffold;
  const project = await newProject({ dir: command.dir, install: command.install, log });
  process.stdout.write(
    `Created ${project.name} in ${project.root}\n\nNext:\n${project.nextCommands.map((c) => `  ${c}`).join('\n')}\n`,
  );
  return 0;
}

function version(): string {
  for (const candidate of [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', 'package.json')]) {
    try {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {}
  }
  return 'unknown';
}
