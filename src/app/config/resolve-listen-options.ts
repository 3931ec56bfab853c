import { dirname, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ListenOptions, TransportName } from '../application-options';
import { TransportConfigDto } from './config.dto';
import { ConfigError, describeValidationErrors } from './config-error';
import { type CliFlags, getLaunchContext } from './launch-context';
import { type ArmatureConfig, findConfigFile, knownProjects, loadConfig } from './load-config';

/** Built-in defaults: stdio, and HTTP transports bound to loopback only. */
export const DEFAULT_LISTEN_OPTIONS: Readonly<ListenOptions> = Object.freeze({ transport: 'stdio', host: '127.0.0.1' });

/** Environment variables read as transport options, and the option each one sets. */
export const ENV_OPTIONS = {
  ARMATURE_TRANSPORT: 'type',
  ARMATURE_HOST: 'host',
  ARMATURE_PORT: 'port',
  ARMATURE_PATH: 'path',
} as const;

export interface ListenSources {
  /**
   * Where the config file search starts. Default: the running entry's folder, so a program finds
   * its own configuration whatever folder it was started from (a client may start it from `/`);
   * `process.cwd()` only when there is no entry file (a REPL).
   */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line flags; default: those the `armature` CLI recorded in the launch context. */
  cliFlags?: CliFlags;
  /** The project to use; default: launch context, ARMATURE_PROJECT, the running entry, defaultProject. */
  project?: string;
  /** The config file; default: launch context, ARMATURE_CONFIG, the nearest nest-cli-like.config.json. */
  configPath?: string;
  /** The running entry, matched against project entries (default: the launched or main module). */
  mainFile?: string;
}

export interface ResolvedLaunch {
  config: ArmatureConfig;
  /** The selected project's name, if any was selected. */
  project?: string;
  options: ListenOptions;
}

/**
 * The options `McpApplication.listen(argument)` really uses. Precedence, lowest first: built-in
 * defaults < config file (top-level `transport`, then the project's) < ARMATURE_* environment <
 * CLI flags < `argument`. Throws a ConfigError naming the key path of any bad value.
 */
export function resolveListenOptions(argument: ListenOptions = {}, sources: ListenSources = {}): ListenOptions {
  return resolveLaunch(argument, sources).options;
}

export function resolveLaunch(argument: ListenOptions = {}, sources: ListenSources = {}): ResolvedLaunch {
  const launch = getLaunchContext();
  const env = sources.env ?? process.env;
  const mainFile = 'mainFile' in sources ? sources.mainFile : runningEntry();
  const cwd = sources.cwd ?? (mainFile ? dirname(resolve(mainFile)) : process.cwd());
  const configPath = findConfigFile(
    cwd,
    sources.configPath ?? launch?.configPath ?? (env.ARMATURE_CONFIG || undefined),
  );
  const config = loadConfig(configPath, env);
  const project = selectProject(config, {
    explicit: sources.project ?? launch?.project ?? (env.ARMATURE_PROJECT || undefined),
    mainFile,
  });
  const fromProject = project ? config.projects[project].transport : {};
  const options: ListenOptions = { ...DEFAULT_LISTEN_OPTIONS };
  merge(options, toListenOptions(config.transport));
  merge(options, toListenOptions(fromProject));
  merge(options, toListenOptions(readEnv(env)));
  merge(options, toListenOptions(readFlags(sources.cliFlags ?? launch?.flags ?? {})));
  merge(options, argument);
  return { config, project, options };
}

/**
 * The project to run: the one named explicitly (it must exist), else the one whose entry is the
 * running main module, else `defaultProject`, else none (top-level options only).
 */
export function selectProject(
  config: ArmatureConfig,
  hints: { explicit?: string; mainFile?: string },
): string | undefined {
  if (hints.explicit) {
    if (!(hints.explicit in config.projects)) {
      const where = config.path ? ` in ${config.path}` : ' (no nest-cli-like.config.json was found)';
      throw new ConfigError([
        `project "${hints.explicit}" is not defined${where}; known: ${knownProjects(config.projects)}`,
      ]);
    }
    return hints.explicit;
  }
  if (hints.mainFile) {
    const main = stripExtension(resolve(hints.mainFile));
    const match = Object.entries(config.projects).find(([, project]) => stripExtension(project.entry) === main);
    if (match) return match[0];
  }
  return config.defaultProject;
}

/**
 * The program's entry file: the one `armature start` launched, else Node's main module (CommonJS),
 * else the script Node was given (an ES module entry has no `require.main`).
 */
function runningEntry(): string | undefined {
  return getLaunchContext()?.entry ?? require.main?.filename ?? process.argv[1];
}

function stripExtension(file: string): string {
  return file.replace(/\.(ts|js|cjs|mjs|cts|mts)$/, '');
}

function readEnv(env: NodeJS.ProcessEnv): TransportConfigDto {
  const raw: Record<string, string> = {};
  for (const [variable, key] of Object.entries(ENV_OPTIONS)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return validated(raw, (key) => Object.entries(ENV_OPTIONS).find(([, k]) => k === key)?.[0] ?? key, 'environment');
}

function readFlags(flags: CliFlags): TransportConfigDto {
  // --redis and --timeout-ms are application options (resolve-state-options.ts, resolve-timeout.ts).
  const { transport, redis: _redis, timeoutMs: _timeoutMs, ...rest } = flags;
  const raw: Record<string, unknown> = { ...rest };
  if (transport !== undefined) raw.type = transport;
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  return validated(raw, (key) => `--${key === 'type' ? 'transport' : key}`, 'command line');
}

/** Validates env/flag values with the same DTO as the file, naming the variable or flag. */
function validated(raw: Record<string, unknown>, name: (key: string) => string, source: string): TransportConfigDto {
  if (Object.keys(raw).length === 0) return {};
  const dto = plainToInstance(TransportConfigDto, raw);
  const problems = describeValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).map(
    (line) => {
      const colon = line.indexOf(':');
      return `${name(line.slice(0, colon))}${line.slice(colon)}`;
    },
  );
  if (problems.length) throw new ConfigError(problems, source);
  return dto;
}

/** Config-file shape (`type`) to listen-option shape (`transport`). */
function toListenOptions(transport: TransportConfigDto): ListenOptions {
  const { type, ...rest } = transport;
  const options: ListenOptions = { ...rest };
  if (type !== undefined) options.transport = type as TransportName;
  return options;
}

function merge(target: ListenOptions, source: ListenOptions): void {
  for (const [key, value] of Object.entries(source)) if (value !== undefined) target[key] = value;
}
