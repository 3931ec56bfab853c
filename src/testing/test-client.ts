import { McpApplication } from '../app/mcp-application';
import type { AuthInfo, ClientCapabilities } from '../context/client-exchange';
import {
  isFailure,
  isNotification,
  isRequest,
  type JsonObject,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
} from '../core/protocol/json-rpc';
import { McpError } from '../core/protocol/mcp-error';
import { META } from '../core/protocol/meta-keys';
import { LATEST_SESSION_VERSION, STATELESS_ERA_VERSION } from '../core/protocol/versions';
import type { Constructor } from '../metadata/types';
import type { Connection } from '../protocol/connection';

type Handler = (params: JsonObject) => JsonObject | Promise<JsonObject>;

export interface TestClientOptions {
  /** 'session' runs `initialize` first; 'stateless' sends the 2026-07-28 envelope on every request. */
  era?: 'session' | 'stateless';
  /** Session era only: the revision to negotiate. */
  protocolVersion?: string;
  capabilities?: ClientCapabilities;
  /** Answers the server's questions; declaring one declares the matching client capability. */
  onElicit?: Handler;
  onSample?: Handler;
  onRoots?: Handler;
  /** The log level to ask for (`logging/setLevel` or the request envelope's logLevel). */
  logLevel?: string;
  /** The caller, as a transport's authentication would have verified it (guards and scopes see it). */
  auth?: AuthInfo;
}

/**
 * An in-memory MCP client for users' own tests: the whole pipeline (validation, DI, result
 * mapping, both eras, multi round-trip requests) without a process or a socket.
 *
 *   const client = await TestClient.connect(WeatherServer);
 *   expect((await client.callTool('forecast', { city: 'Oslo' })).content[0].text).toContain('Oslo');
 */
export class TestClient {
  readonly notifications: JsonRpcNotification[] = [];
  private nextId = 1;

  private constructor(
    private readonly connection: Connection,
    private readonly options: TestClientOptions,
    private readonly capabilities: ClientCapabilities,
  ) {}

  static async connect(target: McpApplication | Constructor, options: TestClientOptions = {}): Promise<TestClient> {
    const app = target instanceof McpApplication ? target : await McpApplication.create(target);
    const capabilities: ClientCapabilities = { ...options.capabilities };
    if (options.onElicit) capabilities.elicitation ??= { form: {} };
    if (options.onSample) capabilities.sampling ??= {};
    if (options.onRoots) capabilities.roots ??= {};
    let client: TestClient | undefined;
    const connection = app.engine.connect(
      { send: (message) => client?.onServerMessage(message) },
      { auth: options.auth },
    );
    client = new TestClient(connection, options, capabilities);
    if ((options.era ?? 'session') === 'session') await client.handshake();
    return client;
  }

  /** Sends one request and returns its result; a JSON-RPC error is thrown as an McpError. */
  async request(method: string, params: JsonObject = {}): Promise<JsonObject> {
    if (this.options.era !== 'stateless') return this.send(method, params);
    let round: JsonObject = { ...params };
    for (let rounds = 0; rounds < 10; rounds++) {
      const meta = Object.assign(this.envelope(), params._meta as JsonObject | undefined);
      const result = await this.send(method, withField(round, '_meta', meta));
      if (result.resultType !== 'input_required') return result;
      round = withField(params, 'inputResponses', await this.answer(result.inputRequests as JsonObject));
      if (result.requestState !== undefined) round.requestState = result.requestState;
    }
    throw new Error(`${method} still needed input after 10 rounds`);
  }

  listTools(cursor?: string) {
    return this.request('tools/list', cursor ? { cursor } : {});
  }
  callTool(name: string, args?: JsonObject, meta?: JsonObject) {
    return this.request('tools/call', { name, ...(args && { arguments: args }), ...(meta && { _meta: meta }) });
  }
  listResources() {
    return this.request('resources/list');
  }
  listResourceTemplates() {
    return this.request('resources/templates/list');
  }
  readResource(uri: string) {
    return this.request('resources/read', { uri });
  }
  listPrompts() {
    return this.request('prompts/list');
  }
  getPrompt(name: string, args?: Record<string, string>) {
    return this.request('prompts/get', { name, ...(args && { arguments: args }) });
  }
  complete(ref: JsonObject, argument: { name: string; value: string }, context?: JsonObject) {
    return this.request('completion/complete', { ref, argument, ...(context && { context }) });
  }

  /** Sends a notification from the client (e.g. `notifications/roots/list_changed`). */
  async notify(method: string, params?: JsonObject): Promise<void> {
    await this.connection.receiveMessage(params ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', method });
  }

  close(): void {
    this.connection.close('the test client closed');
  }

  private async handshake(): Promise<void> {
    await this.send('initialize', {
      protocolVersion: this.options.protocolVersion ?? LATEST_SESSION_VERSION,
      capabilities: this.capabilities,
      clientInfo: { name: 'armature-test-client', version: '1.0.0' },
    });
    await this.connection.receiveMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (this.options.logLevel) await this.send('logging/setLevel', { level: this.options.logLevel });
  }

  private async send(method: string, params: JsonObject): Promise<JsonObject> {
    const request: JsonRpcRequest = { jsonrpc: '2.0', id: this.nextId++, method, params };
    const response = await this.connection.receiveMessage(request);
    if (!response) throw new Error(`${method} got no response (was it cancelled?)`);
    if (isFailure(response)) throw new McpError(response.error.code, response.error.message, response.error.data);
    return response.result;
  }

  private envelope(): JsonObject {
    const meta: JsonObject = {
      [META.protocolVersion]: STATELESS_ERA_VERSION,
      [META.clientCapabilities]: this.capabilities,
      [META.clientInfo]: { name: 'armature-test-client', version: '1.0.0' },
    };
    if (this.options.logLevel) meta[META.logLevel] = this.options.logLevel;
    return meta;
  }

  private async answer(inputRequests: JsonObject = {}): Promise<JsonObject> {
    const answers: JsonObject = {};
    for (const [key, request] of Object.entries(
      inputRequests as Record<string, { method: string; params: JsonObject }>,
    )) {
      answers[key] = await this.handlerFor(request.method)(request.params ?? {});
    }
    return answers;
  }

  private handlerFor(method: string): Handler {
    const handler = {
      'elicitation/create': this.options.onElicit,
      'sampling/createMessage': this.options.onSample,
      'roots/list': this.options.onRoots,
    }[method];
    if (!handler) throw new Error(`The server asked ${method}, and the test client has no handler for it`);
    return handler;
  }

  private onServerMessage(message: JsonRpcMessage): void {
    if (isNotification(message)) {
      this.notifications.push(message);
      return;
    }
    if (!isRequest(message)) return;
    const reply = async () => {
      try {
        const result = await this.handlerFor(message.method)(message.params ?? {});
        await this.connection.receiveMessage({ jsonrpc: '2.0', id: message.id, result });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        await this.connection.receiveMessage({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32603, message: text },
        });
      }
    };
    void reply();
  }
}

/**
 * `{ ...source, [key]: value }` built key by key: V8 (Node 20) takes a slow path (~1 µs) for a spread
 * followed by more fields, and the engine then reads the params slower, which made in-process
 * measurements of 2026-07-28 calls overstate the era's cost. Same keys, order and values.
 */
function withField(source: JsonObject, key: string, value: unknown): JsonObject {
  const copy: JsonObject = {};
  for (const name of Object.keys(source)) {
    if (name === '__proto__')
      Object.defineProperty(copy, name, { value: source[name], enumerable: true, writable: true, configurable: true });
    else copy[name] = source[name];
  }
  copy[key] = value as JsonObject[string];
  return copy;
}
