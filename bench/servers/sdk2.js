// @modelcontextprotocol/server 2.4.0 + @modelcontextprotocol/node 2.1.2 on bare node:http. MODE:
//   modern    2026-07-28: createMcpHandler(factory, { legacy: 'reject', responseMode: 'json' }) through
//             toNodeHandler (the v2 serving entry; a fresh instance per request by design)
//   stateful  session era: NodeStreamableHTTPServerTransport with sessions, JSON responses
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { McpServer, createMcpHandler, isInitializeRequest } = require('@modelcontextprotocol/server');
const { NodeStreamableHTTPServerTransport, toNodeHandler } = require('@modelcontextprotocol/node');
const { z } = require('zod');
const readJson = require('./body');
const { PORT, HOST, FILLERS, filler, ready } = require('./common');

const t0 = process.hrtime.bigint();
const MODE = process.env.MODE || 'modern';
const input = z.object({ text: z.string() });

function makeServer() {
  const server = new McpServer({ name: 'bench-sdk2', version: '1.0.0' });
  const echo = async ({ text }) => ({ content: [{ type: 'text', text }] });
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: input }, echo);
  for (let i = 0; i < FILLERS; i++) {
    const f = filler(i);
    server.registerTool(f.name, { description: f.description, inputSchema: input }, echo);
  }
  return server;
}

function fail(res, status, message) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const up = () => ready(`startup_ms=${Number(process.hrtime.bigint() - t0) / 1e6}`);

if (MODE === 'modern') {
  const handler = toNodeHandler(createMcpHandler(() => makeServer(), { legacy: 'reject', responseMode: 'json' }));
  http
    .createServer(async (req, res) => {
      try {
        await handler(req, res);
      } catch (e) {
        fail(res, 500, String(e));
      }
    })
    .listen(PORT, HOST, up);
} else if (MODE === 'stateful') {
  const transports = new Map();
  http
    .createServer(async (req, res) => {
      try {
        const body = req.method === 'POST' ? await readJson(req) : undefined;
        const sid = req.headers['mcp-session-id'];
        let transport = sid && transports.get(sid);
        if (!transport) {
          if (sid || req.method !== 'POST' || !isInitializeRequest(body)) return fail(res, 400, 'No valid session');
          transport = new NodeStreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            enableJsonResponse: true,
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
} else {
  throw new Error(`unknown MODE ${MODE}`);
}
