import { randomUUID } from 'node:crypto';
import { principalOf } from '../../auth/bearer-auth';
import type { Logger } from '../../core/logging/logger';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import type { Connection } from '../../protocol/connection';
import type { McpEngine } from '../../protocol/engine';
import { owe } from '../owed-answers';
import { afterProgressSettles } from '../progress-settle';
import { accepted } from './accepted';
import { HttpError } from './http-error';
import { HTTP_DEFAULTS } from './http-options';
import type { HttpServer } from './http-server';
import { readFrame, requireJson } from './middleware/read-body';
import { SseStream } from './sse-stream';

export interface LegacySsePaths {
  ssePath?: string;
  messagesPath?: string;
}

/**
 * The 2024-11-05 HTTP+SSE transport: `GET /sse` opens a stream whose first event names the
 * endpoint to POST to; each POST is accepted at once (202) and its answer travels on the stream.
 * The session lives as long as the stream.
 */
export class LegacySse {
  private readonly connections = new Map<string, { connection: Connection; stream: SseStream }>();
  private engine?: McpEngine;

  constructor(
    server: HttpServer,
    private readonly logger: Logger,
    paths: LegacySsePaths = {},
  ) {
    const ssePath = paths.ssePath ?? HTTP_DEFAULTS.ssePath;
    const messagesPath = paths.messagesPath ?? HTTP_DEFAULTS.messagesPath;
    server.router.get(ssePath, (ctx) => {
      const engine = this.engine;
      if (!engine) throw new HttpError(503, -32000, 'The server is not started');
      const id = randomUUID();
      const stream = server.track(new SseStream(ctx, server.keepAliveMs));
      const write = (message: JsonRpcMessage) => void stream.sendMessage(message);
      const connection = engine.connect({ send: write }, { sessionId: id, auth: principalOf(ctx) });
      this.connections.set(id, { connection, stream });
      stream.onClose(() => {
        this.connections.delete(id);
        // A legacy SSE session lives as long as its stream: nobody can come back to it.
        void connection.end('the SSE stream closed');
      });
      stream.send({ event: 'endpoint', data: `${messagesPath}?sessionId=${id}` });
    });
    server.router.post(messagesPath, async (ctx) => {
      const id = ctx.query.sessionId;
      if (typeof id !== 'string' || id === '') throw HttpError.badRequest('the sessionId query parameter is required');
      const open = this.connections.get(id);
      // A session belongs to the principal that opened it; to anyone else it does not exist.
      if (!open || open.connection.options.auth?.subject !== principalOf(ctx)?.subject) {
        throw HttpError.notFound(`no session ${id}; open a new stream with GET ${ssePath}`);
      }
      requireJson(ctx);
      const frame = await readFrame(ctx, server.maxBodyBytes);
      accepted(ctx);
      // See progress-settle.ts: a response that follows progress waits for it to be read first.
      let progressSent = false;
      const sink = {
        send: (message: JsonRpcMessage) => {
          progressSent ||= 'method' in message && message.method === 'notifications/progress';
          open.connection.outbound.send(message);
        },
      };
      // The answer travels on the stream after this POST is answered: shutdown waits for it there.
      void owe(server.owed, frame, open.connection.receive(frame, sink), async (response) => {
        if (!response) return;
        if (progressSent) await afterProgressSettles();
        open.stream.sendMessage(response);
      }).catch((error: unknown) => this.logger.error('unhandled failure: %s', (error as Error).stack));
    });
  }

  /** Gives the routes their engine, once the transport starts. */
  mount(engine: McpEngine): void {
    this.engine = engine;
  }

  /** Shutdown: every session ends with its stream, and what it owned goes with it. */
  async closeAll(reason: string): Promise<void> {
    const ended = [...this.connections.values()].map(({ connection, stream }) => {
      const end = connection.end(reason);
      stream.end();
      return end;
    });
    this.connections.clear();
    await Promise.all(ended);
  }
}
