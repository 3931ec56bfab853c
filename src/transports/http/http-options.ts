import type { Middleware } from 'koa';
import type { AuthOptions } from '../../auth/auth-options';
import type { EventStore } from '../../core/stores/event-store';
import type { InstanceRegistry } from '../../core/stores/instance-registry';

/** Options shared by the HTTP transports (streamable HTTP and legacy SSE). */
export interface HttpOptions {
  /** The address to bind; 127.0.0.1 unless given. Host/Origin checks are on when it is a loopback address. */
  host?: string;
  /** The port; 0 picks a free one (read it from the transport's `url`). Default 3000. */
  port?: number;
  /** The largest accepted request body in bytes (default 4 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * How many sessions this instance holds at most (default 100,000, about 0.4 GB; 0: no limit): a
   * streamable HTTP `initialize`, or a legacy `GET /sse`, beyond it is refused with 503 and
   * `Retry-After` until a session ends (DELETE, expiry, its stream closing). A client opening
   * sessions as fast as it can is bounded by count, not only by time.
   */
  maxSessions?: number;
  /** How often an idle SSE stream gets a keep-alive comment, in ms (default 15000). */
  keepAliveMs?: number;
  /**
   * An SSE stream is closed when more than this many bytes wait for its client and the client took
   * none of them during a whole keep-alive interval (default 8 MiB; 0: never). A resumable stream's
   * client reconnects with Last-Event-ID and loses nothing; without it, one client that stopped
   * reading could grow the server's memory without bound.
   */
  maxStreamBacklogBytes?: number;
  /** Extra `Host` values to accept (e.g. `mcp.example.com` or `mcp.example.com:8443`). */
  allowedHosts?: string[];
  /** Extra `Origin` values to accept (e.g. `https://app.example.com`). */
  allowedOrigins?: string[];
  /**
   * Behind a reverse proxy that terminates TLS: take the scheme and host from `X-Forwarded-Proto` and
   * `X-Forwarded-Host` (Koa's `app.proxy`), so the URLs Armature builds from the request (the
   * protected-resource metadata and the `resource_metadata` of a bearer challenge) are the ones
   * clients use. Only when every request comes through the proxy: a client could set them itself.
   * Mounted with `koa()`, your app's own `proxy` setting applies. Default false.
   */
  trustProxy?: boolean;
  /** Answers CORS preflights and exposes `Mcp-Session-Id`; `true` allows any origin that passes the Origin check. */
  cors?: boolean | { origins: string[] };
  /** Called once the socket is bound, with the endpoint's URL (useful with `port: 0`). */
  onListening?: (url: string) => void;
  /** Require a bearer token on every MCP request (401/403 otherwise) and serve RFC 9728 metadata. */
  auth?: AuthOptions;
  /** The liveness probe: 200 while the process answers (default `/healthz`). */
  healthPath?: string;
  /** The readiness probe: 200 when serving, not draining and the shared state answers; 503 with a reason otherwise (default `/readyz`). */
  readyPath?: string;
  /**
   * Set by McpApplication: which instances live and which holds what stream, so that a stream whose
   * instance died is answered rather than left hanging (default: this process alone).
   */
  instances?: InstanceRegistry;
  /**
   * Set by McpApplication: whether the shared state answers within the bound (its stores' ping),
   * consulted by the readiness probe.
   */
  checkState?: (timeoutMs: number) => Promise<void>;
  /**
   * Set by McpApplication.useHttp(): Koa middleware (your own routes) that runs on the server
   * listen() owns, after the Host/Origin check and before the MCP routes.
   */
  middleware?: Middleware[];
}

export type ResponseMode = 'auto' | 'json' | 'sse';

/** Options of the streamable HTTP transport (`transport: 'streamable-http'`). */
export interface StreamableHttpOptions extends HttpOptions {
  /** The MCP endpoint (default `/mcp`). */
  path?: string;
  /**
   * How a request is answered: `json` always with one JSON body, `sse` always with an event
   * stream, `auto` (default) with JSON unless the handler sends something before its result.
   */
  responseMode?: ResponseMode;
  /** Session-era clients get no session: every request is served on its own (no server-to-client requests). */
  stateless?: boolean;
  /** A session unused for this long is closed, in ms (default 30 minutes). */
  sessionTtlMs?: number;
  /**
   * How long an instance serves a session from its own view before it reads the session store
   * again, in ms (default a tenth of `sessionTtlMs`, at most 30 s; 0 reads it for every request).
   * Changes and ends of sessions reach every instance at once over the bus; this bounds what a
   * lost bus message can leave behind, and how often a session's TTL is slid (so a session lives
   * at least `sessionTtlMs - sessionRefreshMs` after its last request). Must be below `sessionTtlMs`.
   */
  sessionRefreshMs?: number;
  /**
   * The time source of this instance's idle views of sessions, in ms (default Date.now; tests
   * inject their own, and give the session store the same one: sessions expire there).
   */
  clock?: () => number;
  /** Also serve legacy HTTP+SSE clients (2024-11-05) on `/sse` and `/messages` (or `ssePath`, `messagesPath`). */
  legacySse?: boolean;
  /** With `legacySse`: where legacy clients open the stream (default `/sse`). */
  ssePath?: string;
  /** With `legacySse`: where legacy clients post their messages (default `/messages`). */
  messagesPath?: string;
  /** Where SSE events are kept for resumption (default: in memory, bounded). */
  eventStore?: EventStore;
  /**
   * `auto` mode, sessions of 2025-11-25 and later: a request still running after this many ms is
   * answered as a resumable SSE stream (primed with an event id), so a client that loses the
   * connection can resume it (default 50).
   */
  streamAfterMs?: number;
  /** The `retry:` hint (ms) sent to clients that may resume a stream (default 1000). */
  retryMs?: number;
}

/** Options of the legacy HTTP+SSE transport (`transport: 'sse'`). */
export interface SseOptions extends HttpOptions {
  /** Where clients open the stream (default `/sse`). */
  ssePath?: string;
  /** Where clients post their messages (default `/messages`). */
  messagesPath?: string;
}

export const HTTP_DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  maxBodyBytes: 4 * 1024 * 1024,
  keepAliveMs: 15_000,
  maxStreamBacklogBytes: 8 * 1024 * 1024,
  path: '/mcp',
  sessionTtlMs: 30 * 60_000,
  maxSessions: 100_000,
  retryMs: 1000,
  streamAfterMs: 50,
  ssePath: '/sse',
  messagesPath: '/messages',
  healthPath: '/healthz',
  readyPath: '/readyz',
} as const;
