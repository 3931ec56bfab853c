import type { JsonObject, JsonRpcId, JsonRpcResponse } from '../../core/protocol/json-rpc';
import { isFailure, notification } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { McpTelemetry } from '../../telemetry/mcp-telemetry';
import type { Outbound } from '../outbound';

interface Pending {
  resolve(result: JsonObject): void;
  reject(error: Error): void;
}

/** How many server-to-client requests one session may have waiting for answers, unless configured. */
export const DEFAULT_MAX_PENDING_CLIENT_REQUESTS = 100;

/**
 * Requests the server sends to the client in the session era, awaiting their responses. Each has
 * a timeout and follows its handler's cancellation, and both tell the client with
 * `notifications/cancelled`, so nothing is left waiting on either side. At most `maxPending` wait
 * at once: a client that never answers cannot make the server hold ever more of them.
 */
export class ClientRequests {
  private readonly pending = new Map<JsonRpcId, Pending>();
  private nextId = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly maxPending = DEFAULT_MAX_PENDING_CLIENT_REQUESTS,
    /** Starts every id, so that requests of different views of one session never share one. */
    private readonly idPrefix = 's',
    private readonly telemetry?: McpTelemetry,
  ) {}

  send(outbound: Outbound, method: string, params: JsonObject, signal: AbortSignal): Promise<JsonObject> {
    if (signal.aborted) return Promise.reject(new McpError(ErrorCode.RequestTimeout, 'The request was cancelled'));
    if (this.pending.size >= this.maxPending) {
      // Refused before it is sent: the client never sees it, and the handler learns why.
      return Promise.reject(
        new McpError(
          ErrorCode.InternalError,
          `Cannot send ${method}: this session already has ${this.maxPending} requests waiting for the client's answers (maxPendingClientRequests); try again once the client has answered some`,
          { limit: 'maxPendingClientRequests', max: this.maxPending },
        ),
      );
    }
    const id = `${this.idPrefix}${this.nextId++}`;
    const operation = this.telemetry?.startClientRequest(method, id, params);
    return new Promise<JsonObject>((resolve, reject) => {
      const settle = (error?: McpError) => {
        operation?.end(error && { code: error.code, message: error.message });
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const giveUp = (reason: string) => {
        const error = new McpError(ErrorCode.RequestTimeout, `${method}: ${reason}`);
        settle(error);
        outbound.send(notification('notifications/cancelled', { requestId: id, reason }));
        reject(error);
      };
      const timer = setTimeout(() => giveUp(`no answer from the client within ${this.timeoutMs} ms`), this.timeoutMs);
      const onAbort = () => giveUp('the request that asked was cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (result) => {
          settle();
          resolve(result);
        },
        reject: (error) => {
          settle(error instanceof McpError ? error : new McpError(ErrorCode.InternalError, error.message));
          reject(error);
        },
      });
      outbound.send({ jsonrpc: '2.0', id, method, params: operation?.params ?? params });
    });
  }

  /** Returns false for a response nobody waits for (late, duplicated or forged), which is then dropped. */
  settle(response: JsonRpcResponse): boolean {
    const pending = response.id === null ? undefined : this.pending.get(response.id);
    if (!pending) return false;
    if (isFailure(response)) {
      pending.reject(
        new McpError(response.error.code, `The client refused: ${response.error.message}`, response.error.data),
      );
    } else {
      pending.resolve(response.result);
    }
    return true;
  }

  rejectAll(reason: string): void {
    for (const pending of [...this.pending.values()]) pending.reject(new McpError(ErrorCode.ConnectionClosed, reason));
  }
}
