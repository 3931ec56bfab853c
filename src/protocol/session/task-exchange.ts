import type { ClientExchange } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject, JsonRpcMessage } from '../../core/protocol/json-rpc';
import type { TaskStatus } from '../../core/stores/task-record';
import { RELATED_TASK } from '../../tasks/task';
import type { Outbound } from '../outbound';

/**
 * The exchange of a request running as a task: while it waits for the client's input the task is
 * `input_required`, then `working` again (tasks utility, "Input Required Status").
 */
export class TaskExchange implements ClientExchange {
  constructor(
    private readonly inner: ClientExchange,
    private readonly setStatus: (status: TaskStatus) => Promise<void>,
  ) {}

  get era() {
    return this.inner.era;
  }
  get capabilityFaultsReachClient() {
    return this.inner.capabilityFaultsReachClient;
  }
  get requestId() {
    return this.inner.requestId;
  }
  get protocolVersion() {
    return this.inner.protocolVersion;
  }
  get clientInfo() {
    return this.inner.clientInfo;
  }
  get clientCapabilities() {
    return this.inner.clientCapabilities;
  }
  get sessionId() {
    return this.inner.sessionId;
  }
  get auth() {
    return this.inner.auth;
  }
  get signal() {
    return this.inner.signal;
  }
  get progressToken() {
    return this.inner.progressToken;
  }

  logLevel(): LoggingLevel | undefined {
    return this.inner.logLevel();
  }

  notify(method: string, params: JsonObject): void {
    this.inner.notify(method, params);
  }

  remember(name: string, create: () => string): string {
    return this.inner.remember(name, create);
  }

  elicitationIssued(elicitationId: string): void {
    this.inner.elicitationIssued?.(elicitationId);
  }

  unableToAsk(): string | undefined {
    return this.inner.unableToAsk?.();
  }

  /** A task's messages travel on the session, not on a request stream: there is none to close. */
  closeStream(): boolean {
    return false;
  }

  async request(method: string, params: JsonObject): Promise<JsonObject> {
    await this.setStatus('input_required');
    try {
      return await this.inner.request(method, params);
    } finally {
      await this.setStatus('working');
    }
  }
}

/** Every message about a task carries `io.modelcontextprotocol/related-task` in its `_meta`. */
export function taggedWithTask(outbound: Outbound, taskId: string): Outbound {
  return {
    send(message: JsonRpcMessage) {
      if (!('method' in message)) return outbound.send(message);
      const params = { ...message.params };
      params._meta = { ...(params._meta as JsonObject | undefined), [RELATED_TASK]: { taskId } };
      outbound.send({ ...message, params });
    },
  };
}
