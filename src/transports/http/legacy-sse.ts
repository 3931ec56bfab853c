import { randomUUID } from 'node:crypto';
import { principalOf } from '../../auth/bearer-auth';
import type { Logger } from '../../core/logging/logger';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import type { InstanceRegistry } from '../../core/stores/instance-registry';
import type { BusEvent } from '../../core/stores/message-bus';
import type { Frame } from '../../protocol/codec';
import type { Connection } from '../../protocol/connection';
import type { McpEngine } from '../../protocol/engine';
import { MemoryInstanceRegistry } from '../../state/memory/memory-instance-registry';
import type { RequestTransport } from '../../telemetry/telemetry-options';
import { owe } from '../owed-answers';
import { progressSettle } from '../progress-settle';
import { accepted } from './accepted';
import { HttpError } from './http-error';
import { HTTP_DEFAULTS } from './http-options';
import type { HttpServer } from './http-server';
import { readFrame, requireJson } from './middleware/read-body';
import { httpTransportOf } from './request-transport';
import { refuseBeyondMaxSessions } from './session-limit';
import type { SseStream } from './sse-stream';

export interface LegacySsePaths {
  ssePath?: string;
  messagesPath?: string;
}

/**
 * How long a POST for a session this instance does not hold waits for the instance that holds it
 * to take it over the shared bus; no taker by then means no such session (404).
 */
export const LEGACY_FORWARD_TIMEOUT_MS = 5000;

/** The record naming the instance that holds a session's stream, renewed while the stream is open. */
const HOLD_TTL_MS = 60_000;
const holdKey = (sessionId: string) => `legacy:${sessionId}`;

interface OpenSession {
  connection: Connection;
  stream: SseStream;
}

/**
 * The 2024-11-05 HTTP+SSE transport: `GET /sse` opens a stream whose first event names the
 * endpoint to POST to; each POST is accepted (202) and its answer travels on the stream. The
 * session lives as long as the stream. Behind a load balancer the POST may reach an instance
 * other than the one holding the stream: with a shared bus, that instance forwards it to the
 * holder and answers 202 once the holder has taken it, so no affinity is needed.
 */
export class LegacySse {
  private readonly connections = new Map<string, OpenSession>();
  /** Forwarded POSTs waiting for the holder of their session to take them, by delivery id. */
  private readonly forwarded = new Map<string, (accepted: boolean) => void>();
  private engine?: McpEngine;
  private unsubscribe?: () => void;
  private readonly instances: InstanceRegistry;

  constructor(
    private readonly server: HttpServer,
    private readonly logger: Logger,
    paths: LegacySsePaths & { instances?: InstanceRegistry; maxSessions?: number } = {},
  ) {
    const ssePath = paths.ssePath ?? HTTP_DEFAULTS.ssePath;
    const messagesPath = paths.messagesPath ?? HTTP_DEFAULTS.messagesPath;
    this.instances = paths.instances ?? new MemoryInstanceRegistry();
    server.router.get(ssePath, async (ctx) => {
      const engine = this.engine;
      if (!engine) throw HttpError.unavailable('The server is not started');
      refuseBeyondMaxSessions(this.connections.size, paths.maxSessions);
      const id = randomUUID();
      // Recorded before the client learns the session id: its first POST may reach any instance.
      await this.instances.hold(holdKey(id), { ttlMs: HOLD_TTL_MS, renew: true });
      const stream = server.openStream(ctx);
      const write = (message: JsonRpcMessage) => void stream.sendMessage(message);
      const connection = engine.connect({ send: write }, { sessionId: id, auth: principalOf(ctx) });
      this.connections.set(id, { connection, stream });
      stream.onClose(() => {
        this.connections.delete(id);
        this.instances.release(holdKey(id)).catch((error: unknown) => {
          this.logger.warn('could not release legacy SSE session %s: %s', id, String(error));
        });
        // A legacy SSE session lives as long as its stream: nobody can come back to it.
        void connection.end('the SSE stream closed');
      });
      stream.send({ event: 'endpoint', data: `${messagesPath}?sessionId=${id}` });
    });
    server.router.post(messagesPath, async (ctx) => {
      const engine = this.engine;
      if (!engine) throw HttpError.unavailable('The server is not started');
      // The one parameter read straight from the query string: Koa's `ctx.query` parses all of it into an object.
      const ids = new URLSearchParams(ctx.querystring).getAll('sessionId');
      const id = ids.length === 1 ? ids[0] : '';
      if (id === '') throw HttpError.badRequest('the sessionId query parameter is required');
      const principal = principalOf(ctx)?.subject;
      const open = this.connections.get(id);
      const missing = () => HttpError.notFound(`no session ${id}; open a new stream with GET ${ssePath}`);
      // A session belongs to the principal that opened it; to anyone else it does not exist.
      if (open ? open.connection.options.auth?.subject !== principal : !engine.bus.shared) throw missing();
      requireJson(ctx);
      const frame = await readFrame(ctx, server.maxBodyBytes);
      if (open) this.run(open, frame, httpTransportOf(ctx));
      else {
        const holder = await this.instances.holderOf(holdKey(id));
        if (!holder || holder.instanceId === this.instances.instanceId) throw missing();
        const taken = await this.forward(engine, id, principal, frame, holder.instanceId);
        if (taken === 'gone') throw gone(id, ssePath);
        if (!taken) throw missing();
      }
      accepted(ctx);
    });
  }

  /** Runs a frame on a session this instance holds; answers travel on its stream. */
  private run(open: OpenSession, frame: Frame, transport?: RequestTransport): void {
    // See progress-settle.ts: for clients that need it, a response that follows progress waits for it to be read.
    const { connection } = open;
    const settle = progressSettle(
      this.engine?.options.progressSettleMs,
      connection.session?.clientInfo,
      connection.outbound,
    );
    const sink = settle ?? connection.outbound;
    // The answer travels on the stream after the POST is answered: shutdown waits for it there.
    void owe(this.server.owed, frame, connection.receive(frame, sink, { transport }), async (response) => {
      if (!response) return;
      await settle?.beforeAnswer();
      open.stream.sendMessage(response);
    }).catch((error: unknown) => this.logger.error('unhandled failure: %s', (error as Error).stack));
  }

  /**
   * Hands a frame to the instance holding the session; resolves whether it took it, or `gone` as
   * soon as that instance is found dead (at once when it already is) rather than after the timeout.
   */
  private forward(
    engine: McpEngine,
    sessionId: string,
    principal: string | undefined,
    frame: Frame,
    holder: string,
  ): Promise<boolean | 'gone'> {
    const deliveryId = randomUUID();
    return new Promise<boolean | 'gone'>((resolve) => {
      const settle = (taken: boolean | 'gone') => {
        clearTimeout(timer);
        unwatch();
        this.forwarded.delete(deliveryId);
        resolve(taken);
      };
      // Nobody took it: no such session, unless its holder died just now (its heartbeat not yet expired).
      const timer = setTimeout(() => {
        this.instances.alive(holder).then(
          (alive) => settle(alive ? false : 'gone'),
          () => settle(false),
        );
      }, LEGACY_FORWARD_TIMEOUT_MS);
      const unwatch = this.instances.watch(holder, () => settle('gone'));
      this.forwarded.set(deliveryId, settle);
      engine.bus.publish({ type: 'legacy_post', deliveryId, sessionId, principal, frame });
    });
  }

  private hear(event: BusEvent): void {
    if (event.type === 'legacy_post_taken') {
      this.forwarded.get(event.deliveryId)?.(event.accepted);
    } else if (event.type === 'legacy_post') {
      const open = this.connections.get(event.sessionId);
      if (!open) return; // another instance's session, or none
      const accepted = open.connection.options.auth?.subject === event.principal;
      this.engine?.bus.publish({ type: 'legacy_post_taken', deliveryId: event.deliveryId, accepted });
      // Forwarded from the instance that took the POST: the headers stayed there.
      if (accepted) this.run(open, event.frame, { network: 'tcp' });
    }
  }

  /** Gives the routes their engine, once the transport starts. */
  mount(engine: McpEngine): void {
    this.engine = engine;
    this.unsubscribe?.();
    this.unsubscribe = engine.bus.subscribe((event) => this.hear(event));
  }

  /** Shutdown: every session ends with its stream, and what it owned goes with it. */
  async closeAll(reason: string): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const settle of [...this.forwarded.values()]) settle(false);
    const ended = [...this.connections.values()].map(({ connection, stream }) => {
      const end = connection.end(reason);
      stream.end();
      return end;
    });
    this.connections.clear();
    await Promise.all(ended);
  }
}

/** The instance holding the session's stream died: the session went with it. */
function gone(sessionId: string, ssePath: string): HttpError {
  return HttpError.notFound(
    `session ${sessionId} is gone: the server instance holding its stream stopped; open a new stream with GET ${ssePath}`,
  );
}
