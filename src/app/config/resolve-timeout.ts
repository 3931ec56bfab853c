import { TIMEOUT_MS } from './config.dto';
import { ConfigError } from './config-error';
import { getLaunchContext } from './launch-context';
import { type ListenSources, resolveLaunch } from './resolve-listen-options';

/** The environment variable read as the default `@Timeout`. */
export const TIMEOUT_ENV = 'ARMATURE_TIMEOUT_MS';

/**
 * The time limit of every call that declares no `@Timeout` (undefined: none). Same precedence as
 * the other settings, lowest first: config file (top-level `timeoutMs`, then the project's) <
 * ARMATURE_TIMEOUT_MS < `--timeout-ms` < `McpApplication.create(S, { timeoutMs })`. A bad value
 * from any of them is a ConfigError naming where it came from, before anything starts.
 */
export function resolveTimeoutMs(argument?: unknown, sources: ListenSources = {}): number | undefined {
  const env = sources.env ?? process.env;
  const { config, project } = resolveLaunch({}, sources);
  const flags = sources.cliFlags ?? getLaunchContext()?.flags ?? {};
  const layers: { value: unknown; name: string; source?: string; text?: boolean }[] = [
    // The file's values were checked by its DTO already.
    { value: config.timeoutMs, name: 'timeoutMs' },
    { value: project ? config.projects[project].timeoutMs : undefined, name: `projects.${project}.timeoutMs` },
    { value: env[TIMEOUT_ENV] || undefined, name: TIMEOUT_ENV, source: 'environment', text: true },
    { value: flags.timeoutMs, name: '--timeout-ms', source: 'command line' },
    { value: argument, name: 'timeoutMs', source: 'McpApplication.create() options' },
  ];
  let resolved: number | undefined;
  for (const { value, name, source, text } of layers) {
    if (value !== undefined) resolved = checked(value, name, source, text);
  }
  return resolved;
}

/** `text`: an environment variable, whose digits are the number; code must give a number. */
function checked(value: unknown, name: string, source?: string, text = false): number {
  const number = text && typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) return number;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new ConfigError([`${name}: ${TIMEOUT_MS}, got ${shown}`], source);
}
