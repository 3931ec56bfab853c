import type { TransportName } from '../application-options';

/** Transport options given on the command line (`armature start --transport … --port …`). */
export interface CliFlags {
  transport?: TransportName;
  host?: string;
  /** A number, or its text as typed; validated like the config file's `port`. */
  port?: number | string;
  path?: string;
  /** `--redis <url>`: keep state in that Redis (state.type "redis"). */
  redis?: string;
  /** `--timeout-ms <ms>`: the default `@Timeout` of every call. */
  timeoutMs?: number;
}

/** What the `armature` CLI tells the entry it launches: the project, the config file, its flags. */
export interface LaunchContext {
  project?: string;
  /** The entry file the CLI runs (absolute); the config search starts beside it when no file is given. */
  entry?: string;
  configPath?: string;
  flags?: CliFlags;
  /**
   * Called by listen() once the transport serves (with its URL over HTTP): `armature dev` waits on
   * it, `armature start` prints how to connect.
   */
  onListening?: (url: string | undefined) => void;
  /** `armature inspect`: listen() hands the application here instead of starting a transport. */
  inspect?: (app: unknown) => Promise<void>;
}

/**
 * Kept on `globalThis` under a registered symbol, not in a module variable: the CLI may run from
 * `dist/` while the entry it launches imports `armature` from `src/` (tsconfig paths), i.e. two
 * copies of this module in one process. Both see the same symbol.
 */
const KEY = Symbol.for('armature.launch-context');

export function setLaunchContext(context: LaunchContext | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = context;
}

export function getLaunchContext(): LaunchContext | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as LaunchContext | undefined;
}
