import { Client as StatelessClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as StatelessStdio } from '@modelcontextprotocol/client/stdio';
import { Client as SessionClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as SessionStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { exampleCommand } from './spawn-example';

type Json = Record<string, any>;

/**
 * How the test answers the server's questions (read at each question, so a test may change them);
 * what the server asked is recorded in `Peer.asked`.
 */
export interface Answers {
  elicit?: (params: Json) => Json;
  sample?: (params: Json) => Json;
  roots?: () => Json;
}

export interface CallOptions {
  onprogress?: (progress: Json) => void;
  signal?: AbortSignal;
  /** Ask for log messages of this level and above (logging/setLevel or the request's logLevel). */
  logLevel?: string;
}

/** A subscription in place: `next` settles at the first notification, `stop` ends it. */
export interface Watch<T> {
  next: Promise<T>;
  stop(): Promise<void>;
}

/**
 * One official client, connected to a real server over a real transport, behind the same small
 * interface for both eras, so every feature is asserted the same way in both and on every transport.
 */
export interface Peer {
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
  /** Subscribes to one resource (resources/subscribe, or subscriptions/listen); resolves once subscribed. */
  watchResource(uri: string): Promise<Watch<string>>;
  /** Listens for notifications/tools/list_changed (stateless: through subscriptions/listen). */
  watchTools(): Promise<Watch<void>>;
  close(): Promise<void>;
}

/** Everything a client can offer a server: form and URL elicitation, sampling with tools, roots. */
const CAPABILITIES = { elicitation: { form: {}, url: {} }, sampling: { tools: {} }, roots: { listChanged: true } };
const defaults: Required<Answers> = {
  elicit: () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }),
  sample: () => ({
    role: 'assistant',
    content: { type: 'text', text: 'Paris' },
    model: 'test-model',
    stopReason: 'endTurn',
  }),
  roots: () => ({ roots: [{ uri: 'file:///workspace', name: 'workspace' }] }),
};

type SessionTransport = Parameters<SessionClient['connect']>[0];
type StatelessTransport = Parameters<StatelessClient['connect']>[0];

/** `@modelcontextprotocol/sdk` 1.32 (session era) on the example spawned over stdio. */
export function connectSessionPeer(
  example: string,
  answers: Answers = {},
  extraEnv: Record<string, string> = {},
): Promise<Peer> {
  const { command, args, env, cwd } = exampleCommand(example);
  return sessionPeerOver(
    new SessionStdio({ command, args, env: { ...env, ...extraEnv }, cwd, stderr: 'pipe' }),
    answers,
  );
}

/** `@modelcontextprotocol/client` 2.4 pinned to 2026-07-28 on the example spawned over stdio. */
export function connectStatelessPeer(
  example: string,
  answers: Answers = {},
  extraEnv: Record<string, string> = {},
): Promise<Peer> {
  const { command, args, env, cwd } = exampleCommand(example);
  return statelessPeerOver(
    new StatelessStdio({ command, args, env: { ...env, ...extraEnv }, cwd, stderr: 'pipe' }),
    answers,
  );
}

/** The session-era client over any of its transports (stdio, streamable HTTP, legacy SSE). */
export async function sessionPeerOver(transport: SessionTransport, answers: Answers = {}): Promise<Peer> {
  const client = new SessionClient({ name: 'sdk-session-peer', version: '1.0.0' }, { capabilities: CAPABILITIES });
  const asked: Peer['asked'] = [];
  const logs: Json[] = [];
  client.setRequestHandler(
    ElicitRequestSchema,
    async (req) => record(asked, req, answers.elicit ?? defaults.elicit) as never,
  );
  client.setRequestHandler(
    CreateMessageRequestSchema,
    async (req) => record(asked, req, answers.sample ?? defaults.sample) as never,
  );
  client.setRequestHandler(
    ListRootsRequestSchema,
    async (req) => record(asked, req, answers.roots ?? defaults.roots) as never,
  );
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
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
    watchResource: async (uri) => {
      const next = new Promise<string>((resolve) => {
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
      });
      await client.subscribeResource({ uri });
      return { next, stop: async () => void (await client.unsubscribeResource({ uri })) };
    },
    watchTools: async () => ({
      next: new Promise<void>((resolve) => {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
      }),
      stop: async () => undefined,
    }),
    close: async () => {
      // Streamable HTTP sessions are ended explicitly (DELETE); other transports just close.
      await (transport as { terminateSession?: () => Promise<void> }).terminateSession?.();
      await client.close();
    },
  };
}

/** The 2026-07-28 client over any of its transports (stdio, streamable HTTP). */
export async function statelessPeerOver(transport: StatelessTransport, answers: Answers = {}): Promise<Peer> {
  const client = new StatelessClient(
    { name: 'client-2026-peer', version: '1.0.0' },
    { capabilities: CAPABILITIES, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const asked: Peer['asked'] = [];
  const logs: Json[] = [];
  client.setRequestHandler(
    'elicitation/create',
    async (req: Json) => record(asked, req, answers.elicit ?? defaults.elicit) as never,
  );
  client.setRequestHandler(
    'sampling/createMessage',
    async (req: Json) => record(asked, req, answers.sample ?? defaults.sample) as never,
  );
  client.setRequestHandler(
    'roots/list',
    async (req: Json) => record(asked, req, answers.roots ?? defaults.roots) as never,
  );
  client.setNotificationHandler('notifications/message', (n: Json) => {
    logs.push(n.params);
  });
  await client.connect(transport);
  return {
    era: 'stateless',
    asked,
    logs,
    listTools: () => client.listTools(),
    callTool: (name, toolArgs, options = {}) => {
      const _meta = options.logLevel ? { 'io.modelcontextprotocol/logLevel': options.logLevel } : undefined;
      return client.callTool(
        { name, arguments: toolArgs, _meta } as never,
        {
          onprogress: options.onprogress,
          signal: options.signal,
        } as never,
      );
    },
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, promptArgs) => client.getPrompt({ name, arguments: promptArgs }),
    complete: (params) => client.complete(params as never),
    watchResource: async (uri) => {
      const next = new Promise<string>((resolve) => {
        client.setNotificationHandler('notifications/resources/updated', (n: Json) => resolve(n.params.uri));
      });
      const subscription = await client.listen({ resourceSubscriptions: [uri] } as never);
      return { next, stop: async () => void (await subscription.close()) };
    },
    watchTools: async () => {
      const next = new Promise<void>((resolve) => {
        client.setNotificationHandler('notifications/tools/list_changed', () => resolve());
      });
      const subscription = await client.listen({ toolsListChanged: true } as never);
      return { next, stop: async () => void (await subscription.close()) };
    },
    close: () => client.close(),
  };
}

function record(asked: Peer['asked'], request: Json, answer: (params: Json) => Json): Json {
  asked.push({ method: request.method, params: request.params });
  return answer(request.params);
}
