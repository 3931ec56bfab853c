import type { DependencyContainer } from 'tsyringe';
import type { Logger } from '../core/logging/logger';
import type { EngineOptions } from '../protocol/engine-options';

export interface ApplicationOptions extends EngineOptions {
  /** The tsyringe container to build the server from; a child of the global container by default. */
  container?: DependencyContainer;
  logger?: Logger;
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
