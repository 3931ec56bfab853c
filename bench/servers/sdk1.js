// @modelcontextprotocol/sdk 1.32.2 on bare node:http (the least overhead the SDK allows; its docs use
// express, which would only add cost). MODE:
//   stateless      streamable HTTP, a new McpServer + transport per request, JSON responses (the SDK's idiom)
//   stateful-json  streamable HTTP sessions (initialize -> Mcp-Session-Id), enableJsonResponse: true
//   stateful-sse   streamable HTTP sessions, every POST answered as an SSE stream (the SDK default)
//   sse            legacy HTTP+SSE (GET /sse, POST /messages?sessionId=)
//   stdio          stdio
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { SSEServerTransport } = require('@modelcontextprotocol/sdk/server/sse.js');
const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js');
const { isInitializeRequest } = require('@modelcontextprotocol/sdk/types.js');
const { z } = require('zod');
const readJson = require('./body');
const { PORT, HOST, FILLERS, filler, ready } = require('./common');

const t0 = process.hrtime.bigint();
const MODE = process.env.MODE || 'stateless';

function makeServer() {
  const server = new McpServer({ name: 'bench-sdk1', version: '1.0.0' });
  const echo = async ({ text }) => ({ content: [{ type: 'text', text }] });
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, echo);
  for (let i = 0; i < FILLERS; i++) {
    const f = filler(i);
    server.registerTool(f.name, { description: f.description, inputSchema: { text: z.string() } }, echo);
  }
  return server;
}

function fail(res, status, message) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const up = () => ready(`startup_ms=${Number(process.hrtime.bigint() - t0) / 1e6}`);

if (MODE === 'stdio') {
  makeServer().connect(new StdioServerTransport()).then(up);
} else if (MODE === 'stateless') {
  http
    .createServer(async (req, res) => {
      try {
        const body = await readJson(req);
        const server = makeServer();
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        res.on('close', () => {
          transport.close();
          server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, body);
      } catch (e) {
        fail(res, 500, String(e));
      }
    })
    .listen(PORT, HOST, up);
} else if (MODE === 'stateful-json' || MODE === 'stateful-sse') {
  const transports = new Map();
  http
    .createServer(async (req, res) => {
      try {
        const body = req.method === 'POST' ? await readJson(req) : undefined;
        const sid = req.headers['mcp-session-id'];
        let transport = sid && transports.get(sid);
        if (!transport) {
          if (sid || req.method !== 'POST' || !isInitializeRequest(body)) return fail(res, 400, 'No valid session');
          transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            enableJsonResponse: MODE === 'stateful-json',
            onsessioninitialized: (id) => transports.set(id, transport),
          });
          transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
          await makeServer().connect(transport);
        }
        await transport.handleRequest(req, res, body);
      } catch (e) {
        fail(res, 500, String(e));
      }
    })
    .listen(PORT, HOST, up);
} else if (MODE === 'sse') {
  const transports = new Map();
  http
    .createServer(async (req, res) => {
      try {
        const url = new URL(req.url, 'http://x');
        if (req.method === 'GET' && url.pathname === '/sse') {
          const transport = new SSEServerTransport('/messages', res);
          transports.set(transport.sessionId, transport);
          res.on('close', () => transports.delete(transport.sessionId));
          await makeServer().connect(transport);
          return;
        }
        if (req.method === 'POST' && url.pathname === '/messages') {
          const transport = transports.get(url.searchParams.get('sessionId'));
          if (!transport) return fail(res, 404, 'Unknown session');
          const body = await readJson(req);
          await transport.handlePostMessage(req, res, body);
          return;
        }
        fail(res, 404, 'Not found');
      } catch (e) {
        fail(res, 500, String(e));
      }
    })
    .listen(PORT, HOST, up);
} else {
  throw new Error(`unknown MODE ${MODE}`);
}
