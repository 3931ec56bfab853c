import type { JsonObject } from '../protocol/json-rpc';

/** How instances tell each other they live: a beat every `heartbeatMs`, dead after `instanceTtlMs` without one. */
export interface LivenessOptions {
  /** How often an instance renews its heartbeat, in ms (default 1000). */
  heartbeatMs?: number;
  /**
   * How long a heartbeat lasts, in ms (default 5000): an instance silent for this long is dead to
   * the others. Longer than a few beats, so that a busy event loop or one slow Redis command does
   * not declare a working instance dead; short enough that a client waits seconds, not minutes.
   */
  instanceTtlMs?: number;
}

export const LIVENESS_DEFAULTS = { heartbeatMs: 1000, instanceTtlMs: 5000 } as const;

/** Who holds something (a stream, a session's standalone stream) and what others need to answer for it. */
export interface Holding {
  instanceId: string;
  detail?: JsonObject;
}

export interface HoldOptions {
  /** How long the record lasts without being renewed, in ms. */
  ttlMs: number;
  /** What another instance needs if the holder dies (e.g. the ids of the requests a stream answers). */
  detail?: JsonObject;
  /** Only if no live instance holds it already; otherwise nothing is written and the live holder is returned. */
  exclusive?: boolean;
  /** Renewed by this instance until released or until it stops (a stream open for hours). */
  renew?: boolean;
}

/**
 * Which instances live, and which of them holds what. Each instance registers itself and renews a
 * heartbeat; whatever it serves that another instance may have to answer for (a stream a client
 * can resume elsewhere, a session's one standalone stream) is recorded under its id, so another
 * instance can ask whether the holder still lives, and answer the client itself when it does not.
 */
export interface InstanceRegistry {
  /** This instance's id: what its holdings name. */
  readonly instanceId: string;
  /** Registers this instance and starts its heartbeat. */
  start(): Promise<void>;
  /** Whether `instanceId` has a heartbeat now (this instance: as long as it has not stopped). */
  alive(instanceId: string): Promise<boolean>;
  /**
   * Calls `onGone` once, when `instanceId` is found without a heartbeat (at once if it already
   * is), checking every heartbeat interval; returns the function that stops watching.
   */
  watch(instanceId: string, onGone: () => void): () => void;
  /** Records that this instance holds `key`; with `exclusive`, the live holder that refused it, if any. */
  hold(key: string, options: HoldOptions): Promise<{ refusedBy?: string }>;
  holderOf(key: string): Promise<Holding | undefined>;
  /** Lets go of `key` if this instance holds it. */
  release(key: string): Promise<void>;
  /** Stops the heartbeat and removes this instance and its renewed holdings, so the others see it gone at once. */
  stop(): Promise<void>;
}
