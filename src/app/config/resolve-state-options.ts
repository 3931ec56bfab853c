import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MIN_STATE_KEY_LENGTH, StateConfigDto } from './config.dto';
import { ConfigError, describeValidationErrors } from './config-error';
import { getLaunchContext } from './launch-context';
import { type ListenSources, resolveLaunch } from './resolve-listen-options';
import type { ResolvedState, StateOptions } from './state-options';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_STATE_PREFIX = 'armature:';

export interface StateArgument {
  state?: StateOptions;
  stateKey?: string | Buffer;
}

/** Environment variables read as state options. */
export const STATE_ENV = {
  url: 'ARMATURE_REDIS_URL',
  /** Keeps several deployments (or test runs) apart on one Redis. */
  prefix: 'ARMATURE_REDIS_PREFIX',
  stateKey: 'ARMATURE_STATE_KEY',
} as const;

/**
 * The state the application uses. Same precedence as the transport options, lowest first: built-in
 * defaults (memory) < config file (top-level `state`/`stateKey`, then the project's) <
 * ARMATURE_REDIS_URL / ARMATURE_REDIS_PREFIX / ARMATURE_STATE_KEY < `--redis` < the code's `create()` options. Redis state
 * without a stateKey is refused: each instance would seal with its own random key, and a
 * multi round-trip request answered on another instance would fail.
 */
export function resolveStateOptions(argument: StateArgument = {}, sources: ListenSources = {}): ResolvedState {
  const env = sources.env ?? process.env;
  const { config, project } = resolveLaunch({}, sources);
  const fromProject = project ? config.projects[project] : undefined;
  const flags = sources.cliFlags ?? getLaunchContext()?.flags ?? {};

  const layers: { state?: StateOptions; stateKey?: string | Buffer; keyFrom: string }[] = [
    { state: config.state, stateKey: config.stateKey, keyFrom: 'stateKey' },
    { state: fromProject?.state, stateKey: fromProject?.stateKey, keyFrom: `projects.${project}.stateKey` },
    {
      state: {
        ...(env[STATE_ENV.url]
          ? checked({ type: 'redis', url: env[STATE_ENV.url] }, STATE_ENV.url, 'environment')
          : {}),
        ...(env[STATE_ENV.prefix] !== undefined
          ? checked({ prefix: env[STATE_ENV.prefix] }, STATE_ENV.prefix, 'environment')
          : {}),
      },
      stateKey: env[STATE_ENV.stateKey] || undefined,
      keyFrom: STATE_ENV.stateKey,
    },
    {
      state: flags.redis !== undefined ? checked({ type: 'redis', url: flags.redis }, '--redis', 'command line') : {},
      keyFrom: '',
    },
    {
      state: argument.state && checked(argument.state, 'state', 'McpApplication.create() options'),
      stateKey: argument.stateKey,
      keyFrom: 'stateKey (McpApplication.create() options)',
    },
  ];
  const resolved: ResolvedState = { type: 'memory', prefix: DEFAULT_STATE_PREFIX };
  let keyFrom = 'stateKey';
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.state ?? {})) {
      if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
    }
    if (layer.stateKey !== undefined) {
      resolved.stateKey = layer.stateKey;
      keyFrom = layer.keyFrom;
    }
  }
  if (resolved.type === 'redis') resolved.url ??= DEFAULT_REDIS_URL;
  else delete resolved.url;
  checkStateKey(resolved, keyFrom);
  return resolved;
}

/** Validates one layer's state options with the config file's rules, naming where they came from. */
function checked(state: StateOptions, name: string, source: string): StateOptions {
  const { redis, ...plain } = state;
  const dto = plainToInstance(StateConfigDto, plain);
  const problems = describeValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length) {
    const label = (line: string) =>
      name.startsWith('state') ? `state.${line}` : `${name}${line.slice(line.indexOf(':'))}`;
    throw new ConfigError(problems.map(label), source);
  }
  return redis === undefined ? plain : { ...plain, redis };
}

function checkStateKey(resolved: ResolvedState, from: string): void {
  const key = resolved.stateKey;
  if (key === undefined) {
    if (resolved.type === 'redis') {
      throw new ConfigError([
        'stateKey: required when state.type is "redis": every instance must seal multi round-trip request state ' +
          `with the same key. Set ${STATE_ENV.stateKey} (at least ${MIN_STATE_KEY_LENGTH} characters), ` +
          '"stateKey" in nest-cli-like.config.json, or stateKey in McpApplication.create() options',
      ]);
    }
    return;
  }
  if (Buffer.isBuffer(key)) {
    if (key.length !== 32)
      throw new ConfigError([`${from}: must be 32 bytes when given as a Buffer, got ${key.length}`]);
    return;
  }
  if (typeof key !== 'string' || key.length < MIN_STATE_KEY_LENGTH) {
    throw new ConfigError([
      `${from}: must be a secret of at least ${MIN_STATE_KEY_LENGTH} characters` +
        (typeof key === 'string' ? `, got ${key.length}` : ''),
    ]);
  }
}
