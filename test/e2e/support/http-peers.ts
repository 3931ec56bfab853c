import {
  Client as StatelessClient,
  StreamableHTTPClientTransport as StatelessHttp,
} from '@modelcontextprotocol/client';
import { Client as SessionClient } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { type ListenOptions, Logger, McpApplication } from 'armature';
import { ConformanceServer } from '../../../examples/conformance/conformance.server';

type Json = Record<string, any>;

export interface CallOptions {
  onprogress?: (progress: Json) => void;
  signal?: AbortSignal;
  /** Ask for log messages of this level and above (logging/setLevel or the request's logLevel). */
  logLevel?: string;
}

/**
 * One official client connected over HTTP, behind one small interface for both eras (like the
 * stdio peers of peers.ts), so every feature is asserted the same way on every transport.
 */
export interface HttpPeer {
  era: 'session' | 'stateless';
  asked: { method: string; params: Json }[];
  logs: Json[];
  listTools(): Promise<Json>;
  callTool(name: string, args?: Json, options?: CallOptions): Promise<Json>;
  listResources(): Promise<Json>;
  listResourceTemplates(): Promise<Json>;
  readResource(uri: string): Promise<Json>;
  listPrompts(): Promise<Json>;
  getPrompt(name: string, args?: Record<string, string>): Promise<Json>;
  complete(params: Json): Promise<Json>;
  /** Subscribes to one resource (resources/subscribe, or subscriptions/listen) and waits for one update. */
  nextUpdate(uri: string): Promise<string>;
  /** Waits for notifications/tools/list_changed (stateless: through subscriptions/listen). */
  nextToolsChange(): Promise<void>;
  close(): Promise<void>;
}

/** The conformance example served in this process over HTTP, on 127.0.0.1 and a free port. */
export interface HttpServerUnderTest {
  app: McpApplication;
  /** The endpoint: `.../mcp` for streamable HTTP, `.../sse` for legacy SSE. */
  url: string;
  close(): Promise<void>;
}

export async function serveConformance(options: ListenOptions): Promise<HttpServerUnderTest> {
  const app = await McpApplication.create(ConformanceServer, { logger: new Logger('armature', 'warn') });
  await app.listen({ port: 0, ...options });
  return { app, url: app.url as string, close: () => app.close(2000) };
}

const CAPABILITIES = { elicitation: { form: {} }, sampling: {}, roots: {} };
/** How the peers answer the server's questions. */
const defaults = {
  elicit: () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }),
  sample: () => ({
    role: 'assistant',
    content: { type: 'text', text: 'Paris' },
    model: 'test-model',
    stopReason: 'endTurn',
  }),
  roots: () => ({ roots: [{ uri: 'file:///workspace', name: 'workspace' }] }),
};

/** `@modelcontextprotocol/sdk` 1.32 over streamable HTTP (`/mcp`) or legacy SSE (`/sse`). */
export async function connectSessionHttpPeer(url: string, kind: 'streamable-http' | 'sse'): Promise<HttpPeer> {
  const client = new SessionClient({ name: 'sdk-http-peer', version: '1.0.0' }, { capabilities: CAPABILITIES });
  const asked: HttpPeer['asked'] = [];
  const logs: Json[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (req) => record(asked, req, defaults.elicit) as never);
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => record(asked, req, defaults.sample) as never);
  client.setRequestHandler(ListRootsRequestSchema, async (req) => record(asked, req, defaults.roots) as never);
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  const transport = kind === 'sse' ? new SSEClientTransport(new URL(url)) : new SessionHttp(new URL(url));
  await client.connect(transport);
  return {
    era: 'session',
    asked,
    logs,
    listTools: () => client.listTools(),
    callTool: async (name, toolArgs, options = {}) => {
      if (options.logLevel) await client.setLoggingLevel(options.logLevel as never);
      return client.callTool({ name, arguments: toolArgs }, undefined, {
        onprogress: options.onprogress,
        signal: options.signal,
      });
    },
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, promptArgs) => client.getPrompt({ name, arguments: promptArgs }),
    complete: (params) => client.complete(params as never),
    nextUpdate: async (uri) => {
      const updated = new Promise<string>((resolve) => {
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
      });
      await client.subscribeResource({ uri });
      const seen = await updated;
      await client.unsubscribeResource({ uri });
      return seen;
    },
    nextToolsChange: () =>
      new Promise<void>((resolve) => {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
      }),
    close: async () => {
      if (transport instanceof SessionHttp) await transport.terminateSession();
      await client.close();
    },
  };
}

/** `@modelcontextprotocol/client` 2.4 pinned to 2026-07-28 over streamable HTTP. */
export async function connectStatelessHttpPeer(url: string): Promise<HttpPeer> {
  const client = new StatelessClient(
    { name: 'client-2026-http-peer', version: '1.0.0' },
    { capabilities: CAPABILITIES, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const asked: HttpPeer['asked'] = [];
  const logs: Json[] = [];
  client.setRequestHandler('elicitation/create', async (req: Json) => record(asked, req, defaults.elicit) as never);
  client.setRequestHandler('sampling/createMessage', async (req: Json) => record(asked, req, defaults.sample) as never);
  client.setRequestHandler('roots/list', async (req: Json) => record(asked, req, defaults.roots) as never);
  client.setNotificationHandler('notifications/message', (n: Json) => {
    logs.push(n.params);
  });
  await client.connect(new StatelessHttp(new URL(url)));
  return {
    era: 'stateless',
    asked,
    logs,
    listTools: () => client.listTools(),
    callTool: (name, toolArgs, options = {}) => {
      const _meta = options.logLevel ? { 'io.modelcontextprotocol/logLevel': options.logLevel } : undefined;
      return client.callTool(
        { name, arguments: toolArgs, _meta } as never,
        { onprogress: options.onprogress, signal: options.signal } as never,
      );
    },
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, promptArgs) => client.getPrompt({ name, arguments: promptArgs }),
    complete: (params) => client.complete(params as never),
    nextUpdate: async (uri) => {
      const updated = new Promise<string>((resolve) => {
        client.setNotificationHandler('notifications/resources/updated', (n: Json) => resolve(n.params.uri));
      });
      const subscription = await client.listen({ resourceSubscriptions: [uri] } as never);
      const seen = await updated;
      await subscription.close();
      return seen;
    },
    nextToolsChange: async () => {
      const changed = new Promise<void>((resolve) => {
        client.setNotificationHandler('notifications/tools/list_changed', () => resolve());
      });
      const subscription = await client.listen({ toolsListChanged: true } as never);
      return changed.finally(() => subscription.close());
    },
    close: () => client.close(),
  };
}

function record(asked: HttpPeer['asked'], request: Json, answer: (params: Json) => Json): Json {
  asked.push({ method: request.method, params: request.params });
  return answer(request.params);
}
