import { PROGRESS_SETTLE_MS } from './config.dto';
import { ConfigError } from './config-error';
import { type ListenSources, resolveLaunch } from './resolve-listen-options';

/** The environment variable read as `progressSettleMs`. */
export const PROGRESS_SETTLE_ENV = 'ARMATURE_PROGRESS_SETTLE_MS';

/**
 * How long a response that follows progress is held back for clients that would lose that
 * progress: `'auto'` (the default: the official TypeScript clients and any client not known to be
 * safe), `0` (never), or milliseconds (every client). Same precedence as the other settings,
 * lowest first: config file (top-level `progressSettleMs`, then the project's) <
 * ARMATURE_PROGRESS_SETTLE_MS < `McpApplication.create(S, { progressSettleMs })`. A bad value from
 * any of them is a ConfigError naming where it came from, before anything starts.
 */
export function resolveProgressSettleMs(argument?: unknown, sources: ListenSources = {}): 'auto' | number {
  const env = sources.env ?? process.env;
  const { config, project } = resolveLaunch({}, sources);
  const layers: { value: unknown; name: string; source?: string; text?: boolean }[] = [
    // The file's values were checked by its DTO already.
    { value: config.progressSettleMs, name: 'progressSettleMs' },
    {
      value: project ? config.projects[project].progressSettleMs : undefined,
      name: `projects.${project}.progressSettleMs`,
    },
    { value: env[PROGRESS_SETTLE_ENV] || undefined, name: PROGRESS_SETTLE_ENV, source: 'environment', text: true },
    { value: argument, name: 'progressSettleMs', source: 'McpApplication.create() options' },
  ];
  let resolved: 'auto' | number = 'auto';
  for (const { value, name, source, text } of layers) {
    if (value !== undefined) resolved = checked(value, name, source, text);
  }
  return resolved;
}

/** `text`: an environment variable, whose digits are the number; code must give a number or 'auto'. */
function checked(value: unknown, name: string, source?: string, text = false): 'auto' | number {
  const trimmed = typeof value === 'string' ? value.trim() : value;
  if (trimmed === 'auto') return 'auto';
  const number = text && typeof trimmed === 'string' && /^\d+$/.test(trimmed) ? Number(trimmed) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) return number;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new ConfigError([`${name}: ${PROGRESS_SETTLE_MS}, got ${shown}`], source);
}
