import { HttpError } from './http-error';
import { HTTP_DEFAULTS } from './http-options';

/** What a client refused for `maxSessions` is told to wait, in seconds: sessions end by DELETE, expiry or a closed stream. */
const RETRY_AFTER_S = 30;

/**
 * Refuses the request that would open one session more than `maxSessions` (0: no limit) allows,
 * before anything of it is made: 503 with `Retry-After` and a JSON-RPC error naming the limit.
 */
export function refuseBeyondMaxSessions(open: number, maxSessions: number = HTTP_DEFAULTS.maxSessions): void {
  if (maxSessions <= 0 || open < maxSessions) return;
  throw HttpError.unavailable(
    `Service Unavailable: this server holds its maximum of ${maxSessions} sessions (maxSessions); retry once one has ended`,
    { 'Retry-After': String(RETRY_AFTER_S) },
  );
}
