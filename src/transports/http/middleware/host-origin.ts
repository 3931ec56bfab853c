import type { Context, Middleware } from 'koa';
import { ErrorCode } from '../../../core/protocol/mcp-error';
import { HttpError } from '../http-error';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export interface HostOriginOptions {
  /** The bound address: the checks are on by default when it is a loopback one. */
  host: string;
  allowedHosts?: string[];
  allowedOrigins?: string[];
}

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.');
}

/**
 * DNS-rebinding protection: a server bound to loopback answers only requests addressed to a
 * loopback name, from a page of a loopback origin (or from no page at all: no Origin header).
 * `allowedHosts` and `allowedOrigins` widen the accepted sets, and turn the checks on for other
 * bind addresses.
 */
export function hostOriginGuard(options: HostOriginOptions): Middleware {
  const check = hostOriginCheck(options);
  return async (ctx, next) => {
    check(ctx);
    await next();
  };
}

/** The guard's check alone, for a request path that runs it in line: throws the guard's 403. */
export function hostOriginCheck(options: HostOriginOptions): (ctx: Context) => void {
  const loopback = isLoopback(options.host);
  const hosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const origins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase().replace(/\/$/, '')));
  const checkHost = loopback || hosts.size > 0;
  const checkOrigin = loopback || origins.size > 0;

  const hostAllowed = (value: string): boolean => {
    if (!value) return false;
    const host = value.toLowerCase();
    if (hosts.has(host) || hosts.has(hostname(host))) return true;
    return loopback && LOOPBACK_NAMES.has(hostname(host));
  };
  const originAllowed = (value: string): boolean => {
    const origin = value.toLowerCase();
    if (origins.has(origin)) return true;
    if (!loopback) return false;
    try {
      return LOOPBACK_NAMES.has(new URL(origin).hostname);
    } catch {
      return false;
    }
  };

  // Clients send the same Host (and Origin) on every request: each value is judged once (bounded).
  const hostVerdicts = new Map<string, boolean>();
  const originVerdicts = new Map<string, boolean>();
  return (ctx) => {
    const headers = ctx.req.headers;
    // As `ctx.get` reads them: a missing or empty header is ''.
    const host = headers.host || '';
    if (checkHost && !remembered(hostVerdicts, host, hostAllowed)) {
      throw new HttpError('forbidden', ErrorCode.ConnectionClosed, `Forbidden: Host "${host}" is not allowed`);
    }
    const origin = headers.origin || '';
    if (checkOrigin && origin && !remembered(originVerdicts, origin, originAllowed)) {
      throw new HttpError('forbidden', ErrorCode.ConnectionClosed, `Forbidden: Origin "${origin}" is not allowed`);
    }
  };
}

function remembered(verdicts: Map<string, boolean>, value: string, judge: (value: string) => boolean): boolean {
  let verdict = verdicts.get(value);
  if (verdict === undefined) {
    verdict = judge(value);
    if (verdicts.size >= 64) verdicts.clear();
    verdicts.set(value, verdict);
  }
  return verdict;
}

/** `example.com:8080` -> `example.com`, `[::1]:3000` -> `[::1]`. */
function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
