import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { StreamableHTTPClientTransport as StatelessHttp } from '@modelcontextprotocol/client';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import Koa from 'koa';
import { HelpdeskServer } from '../../examples/koa-mount/helpdesk.server';
import { createHelpdesk } from '../../examples/koa-mount/helpdesk-app';
import { Logger, McpApplication, type MountOptions } from '../../src';
import { openSession, POST_HEADERS, raw } from './support/http-raw';
import { type Peer, sessionPeerOver, statelessPeerOver } from './support/peers';
import { StaticTokenVerifier } from './support/static-token-verifier';

jest.setTimeout(30_000);

const quiet = () => new Logger('armature', 'warn');
const ALICE = { 'x-api-key': 'alice-key' };
const BOB = { 'x-api-key': 'bob-key' };
const MAX_BODY = 2048;

type Era = 'session' | 'stateless' | 'legacy';

/** An official client of the era, sending `headers` (the Koa app's API key) with every request. */
function connect(era: Era, url: string, headers: Record<string, string> = {}): Promise<Peer> {
  const requestInit = { headers };
  if (era === 'stateless') return statelessPeerOver(new StatelessHttp(new URL(url), { requestInit }));
  if (era === 'legacy') return sessionPeerOver(new SSEClientTransport(new URL(url), { requestInit }));
  return sessionPeerOver(new SessionHttp(new URL(url), { requestInit }));
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const closed = (server: Server) => new Promise((resolve) => server.close(resolve));

/** The helpdesk example (a Koa app with its own routes and API-key auth) with MCP mounted in it. */
async function serveHelpdesk(options: MountOptions) {
  const { koa, mcp } = await createHelpdesk({ maxBodyBytes: MAX_BODY, ...options }, quiet());
  const server = createServer(koa.callback());
  const origin = await listening(server);
  return {
    origin,
    mcp,
    async close() {
      await mcp.close(2000);
      await closed(server);
    },
  };
}

describe.each([
  ['streamable HTTP, session era', { transport: 'streamable-http' }, 'session', '/api/mcp'],
  ['streamable HTTP, 2026-07-28', { transport: 'streamable-http' }, 'stateless', '/api/mcp'],
  ['legacy SSE', { transport: 'sse' }, 'legacy', '/api/sse'],
  ['legacy SSE beside streamable HTTP', { transport: 'streamable-http', legacySse: true }, 'legacy', '/api/sse'],
] as const)('MCP mounted in a Koa app, over %s', (_name, options, era, endpoint) => {
  let helpdesk: Awaited<ReturnType<typeof serveHelpdesk>>;
  beforeAll(async () => {
    helpdesk = await serveHelpdesk(options);
  });
  afterAll(() => helpdesk.close());

  it("gives tools the principal the app's own auth middleware set, sharing the app's services", async () => {
    const alice = await connect(era, `${helpdesk.origin}${endpoint}`, ALICE);
    try {
      expect((await alice.callTool('whoami')).content).toEqual([{ type: 'text', text: 'alice (tickets:write)' }]);
      const opened = await alice.callTool('open_ticket', { title: `printer on fire (${era})` });
      expect(opened.content[0].text).toMatch(/^Opened ticket #\d+: printer on fire/);
      // The app's own REST route sees the ticket the tool opened, for the same principal.
      const rest = await raw(`${helpdesk.origin}/api/tickets`, { method: 'GET', headers: ALICE });
      expect(rest.json).toEqual(
        expect.arrayContaining([expect.objectContaining({ title: `printer on fire (${era})` })]),
      );
    } finally {
      await alice.close();
    }
  });

  it("refuses a client without the app's API key in the app's own middleware, before MCP", async () => {
    await expect(connect(era, `${helpdesk.origin}${endpoint}`)).rejects.toThrow();
    const refused = await raw(`${helpdesk.origin}${endpoint}`, {
      method: era === 'legacy' ? 'GET' : 'POST',
      headers: POST_HEADERS,
      body: era === 'legacy' ? undefined : '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'unauthorized', message: 'Send a known API key in the X-Api-Key header' });
  });

  it("keeps the app's own routes, public and authenticated, beside MCP", async () => {
    expect((await raw(`${helpdesk.origin}/`, { method: 'GET' })).json).toEqual({
      service: 'helpdesk',
      mcp: '/api/mcp',
    });
    expect((await raw(`${helpdesk.origin}/api/tickets`, { method: 'GET', headers: BOB })).json).toEqual([]);
    expect((await raw(`${helpdesk.origin}/api/tickets`, { method: 'GET' })).status).toBe(401);
    // The probes Armature answers sit outside /api, where an orchestrator needs no key.
    expect((await raw(`${helpdesk.origin}/readyz`, { method: 'GET' })).json).toEqual({ status: 'ready' });
    expect((await raw(`${helpdesk.origin}/healthz`, { method: 'GET' })).json).toEqual({ status: 'ok' });
  });
});

describe('sessions in a mounted app belong to the principal the app authenticated', () => {
  it("answers another principal's session id as unknown", async () => {
    const helpdesk = await serveHelpdesk({ transport: 'streamable-http' });
    try {
      const transport = new SessionHttp(new URL(`${helpdesk.origin}/api/mcp`), { requestInit: { headers: ALICE } });
      const alice = await sessionPeerOver(transport);
      try {
        const stolen = await raw(`${helpdesk.origin}/api/mcp`, {
          headers: { ...POST_HEADERS, ...BOB, 'mcp-session-id': transport.sessionId as string },
          body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
        });
        expect(stolen.status).toBe(404);
      } finally {
        await alice.close();
      }
    } finally {
      await helpdesk.close();
    }
  });
});

describe('closing a mounted application', () => {
  it("ends the MCP streams and refuses new MCP requests, and leaves the app's server and routes up", async () => {
    const helpdesk = await serveHelpdesk({ transport: 'sse' });
    try {
      const stream = await fetch(`${helpdesk.origin}/api/sse`, { headers: { accept: 'text/event-stream', ...ALICE } });
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toMatch(/^event: endpoint\ndata: \/api\/messages\?sessionId=/);

      await helpdesk.mcp.close(2000);
      // The server ended the stream: the reader reaches its end (after anything still buffered).
      while (!(await reader.read()).done);
      const refused = await raw(`${helpdesk.origin}/api/sse`, { method: 'GET', headers: ALICE });
      expect(refused.status).toBe(503);
      expect(refused.json.error.message).toBe('The server is shutting down');
      expect((await raw(`${helpdesk.origin}/`, { method: 'GET' })).json).toEqual({
        service: 'helpdesk',
        mcp: '/api/mcp',
      });
    } finally {
      await helpdesk.close();
    }
  });
});

describe('keep-alive in a mounted Koa app', () => {
  it('keeps an idle legacy SSE stream alive with comments, as on its own server', async () => {
    const helpdesk = await serveHelpdesk({ transport: 'sse', keepAliveMs: 50 });
    try {
      const comment = await firstKeepAlive(`${helpdesk.origin}/api/sse`, { accept: 'text/event-stream', ...ALICE });
      expect(comment).toBe(': keep-alive');
    } finally {
      await helpdesk.close();
    }
  });
});

describe("Armature's own bearer auth in a mounted app", () => {
  it('verifies tokens, challenges without one and serves the protected-resource metadata, as on its own server', async () => {
    const verifier = new StaticTokenVerifier({ 'carol-token': { subject: 'carol', scopes: ['tickets:write'] } });
    const app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
    const koa = new Koa();
    koa.use(
      app.koa({
        path: '/api/mcp',
        auth: {
          verifyToken: (token) => verifier.verify(token),
          protectedResource: { authorizationServers: ['https://auth.example.com'] },
        },
      }),
    );
    const server = createServer(koa.callback());
    const origin = await listening(server);
    try {
      const carol = await connect('stateless', `${origin}/api/mcp`, { authorization: 'Bearer carol-token' });
      try {
        expect((await carol.callTool('whoami')).content).toEqual([{ type: 'text', text: 'carol (tickets:write)' }]);
      } finally {
        await carol.close();
      }
      const refused = await raw(`${origin}/api/mcp`, {
        headers: POST_HEADERS,
        body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      });
      expect(refused.status).toBe(401);
      const metadataUrl = `${origin}/.well-known/oauth-protected-resource/api/mcp`;
      expect(refused.headers['www-authenticate']).toContain(`resource_metadata="${metadataUrl}"`);
      const metadata = await raw(metadataUrl, { method: 'GET' });
      expect(metadata.json).toMatchObject({
        resource: `${origin}/api/mcp`,
        authorization_servers: ['https://auth.example.com'],
      });
      // The probes stay public.
      expect((await raw(`${origin}/readyz`, { method: 'GET' })).status).toBe(200);
    } finally {
      await app.close(2000);
      await closed(server);
    }
  });
});

describe('a host app whose body parser runs before MCP', () => {
  it('answers 500 naming the misconfiguration, instead of waiting for a body already read', async () => {
    const app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
    const koa = new Koa();
    koa.use(async (ctx, next) => {
      // What koa-bodyparser or express.json() do: read the whole body before the next middleware.
      await new Promise((resolve) => ctx.req.on('data', () => undefined).once('end', resolve));
      await next();
    });
    koa.use(app.koa());
    const server = createServer(koa.callback());
    const origin = await listening(server);
    try {
      const answer = await raw(`${origin}/mcp`, {
        headers: POST_HEADERS,
        body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      });
      expect(answer.status).toBe(500);
      expect(answer.json.error.message).toBe(
        'The request body was already read by another middleware (a body parser) before MCP: ' +
          'mount Armature before it, or keep it off the MCP paths',
      );
    } finally {
      await app.close(2000);
      await closed(server);
    }
  });
});

describe('MCP in a plain node:http server through app.handler()', () => {
  let app: McpApplication;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
    const mcp = app.handler({ transport: 'streamable-http', maxBodyBytes: MAX_BODY, keepAliveMs: 50 });
    // Express-style: what MCP does not serve goes to `next`.
    server = createServer((req: IncomingMessage, res: ServerResponse) =>
      mcp(req, res, () => {
        res.setHeader('content-type', 'text/plain');
        res.end(`the server's own answer to ${req.url}`);
      }),
    );
    origin = await listening(server);
  });
  afterAll(async () => {
    await app.close(2000);
    await closed(server);
  });

  it.each(['session', 'stateless'] as const)('serves the official %s-era client', async (era) => {
    const peer = await connect(era, `${origin}/mcp`);
    try {
      expect((await peer.listTools()).tools.map((tool: { name: string }) => tool.name).sort()).toEqual([
        'my_tickets',
        'open_ticket',
        'whoami',
      ]);
      expect((await peer.callTool('whoami')).content).toEqual([{ type: 'text', text: 'anonymous' }]);
    } finally {
      await peer.close();
    }
  });

  it('passes what is not MCP to the next handler, and answers the probes', async () => {
    expect((await raw(`${origin}/status?x=1`, { method: 'GET' })).text).toBe("the server's own answer to /status?x=1");
    expect((await raw(`${origin}/healthz`, { method: 'GET' })).json).toEqual({ status: 'ok' });
    expect((await raw(`${origin}/readyz`, { method: 'GET' })).json).toEqual({ status: 'ready' });
  });

  it('keeps an idle SSE stream alive with comments, as on its own server', async () => {
    const session = await openSession(`${origin}/mcp`);
    const comment = await firstKeepAlive(`${origin}/mcp`, {
      accept: 'text/event-stream',
      'mcp-session-id': session,
    });
    expect(comment).toBe(': keep-alive');
  });
});

/** Reads an SSE stream until its first keep-alive comment, and returns that line. */
async function firstKeepAlive(url: string, headers: Record<string, string>): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before a keep-alive: ${text}`);
      text += decoder.decode(value, { stream: true });
      const line = text.split('\n').find((candidate) => candidate.startsWith(': keep-alive'));
      if (line) return line;
    }
  } finally {
    controller.abort();
  }
}

describe('custom routes on the server Armature owns', () => {
  let app: McpApplication;
  let origin: string;
  beforeAll(async () => {
    app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
    const routes = new Router();
    routes.get('/hello/:name', (ctx) => {
      ctx.body = { hello: ctx.params.name };
    });
    app.useHttp(routes.routes());
    await app.listen({ transport: 'streamable-http', port: 0, maxBodyBytes: MAX_BODY });
    origin = new URL(app.url as string).origin;
  });
  afterAll(() => app.close(2000));

  it('serves its own routes, MCP and the probes side by side', async () => {
    expect((await raw(`${origin}/hello/world`, { method: 'GET' })).json).toEqual({ hello: 'world' });
    const peer = await connect('stateless', app.url as string);
    try {
      expect((await peer.callTool('whoami')).content).toEqual([{ type: 'text', text: 'anonymous' }]);
    } finally {
      await peer.close();
    }
    expect((await raw(`${origin}/readyz`, { method: 'GET' })).json).toEqual({ status: 'ready' });
    expect((await raw(`${origin}/nowhere`, { method: 'GET' })).status).toBe(404);
  });

  it('puts its own routes behind the same Host check as MCP', async () => {
    const refused = await raw(`${origin}/hello/world`, { method: 'GET', headers: { host: 'evil.example' } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe('Forbidden: Host "evil.example" is not allowed');
  });

  it('refuses useHttp() once serving, and mounting with routes meant for its own server', async () => {
    expect(() => app.useHttp(async (_ctx, next) => next())).toThrow('useHttp() must be called before listen()');
    const other = await McpApplication.create(HelpdeskServer, { logger: quiet() });
    try {
      other.useHttp(async (_ctx, next) => next());
      expect(() => other.koa()).toThrow(
        'useHttp() adds routes to the server listen() owns; with koa() or handler(), add them to your own app',
      );
    } finally {
      await other.close(2000);
    }
  });
});

/**
 * The same refusals in every form: Armature's own server, mounted in a Koa app, and behind
 * `handler()` in a plain node:http server. Nothing reaches a tool, nothing crashes.
 */
describe.each([
  [
    'on its own server',
    async () => {
      const app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
      await app.listen({ transport: 'streamable-http', port: 0, maxBodyBytes: MAX_BODY });
      return { url: app.url as string, headers: {}, close: () => app.close(2000) };
    },
  ],
  [
    'mounted in a Koa app',
    async () => {
      const helpdesk = await serveHelpdesk({ transport: 'streamable-http' });
      return { url: `${helpdesk.origin}/api/mcp`, headers: ALICE, close: () => helpdesk.close() };
    },
  ],
  [
    'behind handler() in node:http',
    async () => {
      const app = await McpApplication.create(HelpdeskServer, { logger: quiet() });
      const server = createServer(app.handler({ maxBodyBytes: MAX_BODY }));
      const origin = await listening(server);
      return {
        url: `${origin}/mcp`,
        headers: {},
        close: async () => {
          await app.close(2000);
          await closed(server);
        },
      };
    },
  ],
])('bad input %s', (_name, serve) => {
  let target: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    target = await serve();
  });
  afterAll(() => target.close());
  const post = (headers: Record<string, string>, body: string) =>
    raw(target.url, { headers: { ...POST_HEADERS, ...target.headers, ...headers }, body });
  const ping = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{}}}';

  it('refuses a body over maxBodyBytes with 413', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(MAX_BODY) } });
    const refused = await post({}, big);
    expect(refused.status).toBe(413);
    expect(refused.json.error.message).toBe(`Payload Too Large: the body exceeds ${MAX_BODY} bytes`);
  });

  it('refuses a foreign Host with 403', async () => {
    const refused = await post({ host: 'evil.example' }, ping);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe('Forbidden: Host "evil.example" is not allowed');
  });

  it('refuses a foreign Origin with 403', async () => {
    const refused = await post({ origin: 'https://evil.example' }, ping);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe('Forbidden: Origin "https://evil.example" is not allowed');
  });

  it('refuses a request that is not JSON with 415', async () => {
    const refused = await post({ 'content-type': 'text/plain' }, ping);
    expect(refused.status).toBe(415);
  });
});
