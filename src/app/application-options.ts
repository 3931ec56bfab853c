import type { DependencyContainer } from 'tsyringe';
import type { LogSink } from '../core/logging/log-sink';
import type { Logger } from '../core/logging/logger';
import type { SessionStore } from '../core/stores/session-store';
import type { EngineOptions } from '../protocol/engine-options';
import type { SseOptions, StreamableHttpOptions } from '../transports/http/http-options';
import type { StateOptions } from './config/state-options';

export interface ApplicationOptions extends EngineOptions {
  /** The tsyringe container to build the server from; a child of the global container by default. */
  container?: DependencyContainer;
  /**
   * Where the framework's diagnostics and per-request records go: an Armature `Logger`, or your own
   * logger (an object with `debug/info/warn/error(fields, message)`, as pino has).
   */
  logger?: Logger | LogSink;
  /**
   * Where sessions, SSE event logs, tasks and the bus live: `{ type: 'memory' }` (the default) or
   * `{ type: 'redis', url }`, which needs a `stateKey` shared by every instance. Configuration
   * (`state` in nest-cli-like.config.json, ARMATURE_REDIS_URL, --redis) applies below this.
   */
  state?: StateOptions;
  /** Where session-era sessions live, instead of the store `state` selects. */
  sessionStore?: SessionStore;
}

export type TransportName = 'stdio' | 'sse' | 'streamable-http';

export interface ListenOptions {
  transport?: TransportName;
  /** stdio: exit the process once stdin ends and in-flight requests are done (default true). */
  exitOnEnd?: boolean;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs?: number;
  /** stdio: the longest accepted line in bytes. */
  maxMessageBytes?: number;
  [option: string]: unknown;
}

/** What `koa()` and `handler()` take: the listen options, with the HTTP transports' own typed. */
export type MountOptions = ListenOptions & StreamableHttpOptions & SseOptions;
