import { type ClassOrMethodDecorator, SetMetadata } from './set-metadata.decorator';

/**
 * Ends a call that runs longer than `ms`: its `ctx.signal` aborts, and the caller gets an error
 * naming the limit (`isError` for a tool). Overrides the application's `timeoutMs`.
 */
export function Timeout(ms: number): ClassOrMethodDecorator {
  return SetMetadata(Timeout, ms);
}

export interface RateLimitOptions {
  /** Calls allowed per window. */
  limit: number;
  windowMs: number;
  /**
   * Whose calls count together: one principal's (the token's subject; the session when there is
   * none), one session's, or everyone's. Default `principal`.
   */
  per?: 'principal' | 'session' | 'global';
}

/**
 * At most `limit` calls per `windowMs`, counted in the application's counter store (shared by all
 * instances when it is). A refused call tells the model when to retry.
 */
export function RateLimit(options: RateLimitOptions): ClassOrMethodDecorator {
  return SetMetadata(RateLimit, { ...options });
}
