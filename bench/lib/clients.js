// Small MCP clients for the driver: setting up a row (initialize, session id, 2026-07-28 envelope),
// checking that an answer is right, and closed-loop load where wrk cannot follow the reply
// (legacy SSE, where the answer arrives on another stream; stdio).
const http = require('node:http');

const TEXT = 'hello from the bench';
const SESSION_VERSION = '2025-06-18';
const MODERN_VERSION = '2026-07-28';
const META = {
  'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'armature-bench', version: '1.0.0' },
};

function initializeMessage(id) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: SESSION_VERSION,
      capabilities: {},
      clientInfo: { name: 'armature-bench', version: '1.0.0' },
    },
  };
}

/** The params of a request, with the 2026-07-28 envelope for modern rows. */
function params(kind, p) {
  return kind === 'modern' ? { ...p, _meta: META } : p;
}

/**
 * Valid arguments for the realistic tool (`plan_trip`, servers/armature.js with REALISTIC=1): eight fields with
 * formats, lengths, an enum, an integer range and an optional array of nested objects. It answers `title`.
 */
const TRIP = {
  title: TEXT,
  contact: 'planner@example.com',
  website: 'https://example.com/trips/alps',
  start: '2026-07-28T09:00:00Z',
  pace: 'relaxed',
  travellers: 4,
  reference: '3f0c6b8e-5d0a-4c8e-9b7a-1f2d3c4b5a69',
  stops: [
    { city: 'Innsbruck', nights: 2 },
    { city: 'Bolzano', nights: 3 },
  ],
};

/** tools/call params for the row's tool: `echo` (every row) or `plan_trip` (the realistic rows). */
function callParams(kind, tool = 'echo') {
  if (tool === 'plan_trip') return params(kind, { name: 'plan_trip', arguments: TRIP });
  return params(kind, { name: 'echo', arguments: { text: TEXT } });
}

/** Headers a real client of that kind sends on a request (besides content-type / accept). */
function headersFor(kind, method, sessionId, tool = 'echo') {
  const h = {};
  if (kind === 'modern') {
    h['MCP-Protocol-Version'] = MODERN_VERSION;
    h['Mcp-Method'] = method;
    if (method === 'tools/call') h['Mcp-Name'] = tool;
  } else if (kind !== 'plain') {
    h['MCP-Protocol-Version'] = SESSION_VERSION;
  }
  if (sessionId) h['Mcp-Session-Id'] = sessionId;
  return h;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a JSON body; resolves { status, headers, text }. */
function post(port, path, body, headers = {}, { agent: useAgent = agent } = {}) {
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: useAgent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** The JSON-RPC messages in a reply body: one JSON document, or the `data:` lines of an SSE stream. */
function messagesOf(reply) {
  const type = String(reply.headers['content-type'] || '');
  if (type.includes('text/event-stream')) {
    const out = [];
    for (const block of reply.text.split(/\r?\n\r?\n/)) {
      const data = block
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) out.push(JSON.parse(data));
    }
    return out;
  }
  return reply.text ? [JSON.parse(reply.text)] : [];
}

function responseFor(reply, id) {
  const msg = messagesOf(reply).find((m) => m && m.id === id && ('result' in m || 'error' in m));
  if (!msg) throw new Error(`no JSON-RPC response for id ${id} (HTTP ${reply.status}): ${reply.text.slice(0, 400)}`);
  return msg;
}

/** Throws unless `msg` is a tools/call result whose text is the echoed TEXT. */
function assertEcho(msg) {
  if (msg.error) throw new Error(`JSON-RPC error instead of a result: ${JSON.stringify(msg.error)}`);
  const text = msg.result?.content?.[0]?.text;
  if (msg.result?.isError || text !== TEXT)
    throw new Error(`wrong echo result: ${JSON.stringify(msg.result).slice(0, 400)}`);
}

/** Throws unless `msg` is a tools/list result; returns how many tools the (first) page holds. */
function assertList(msg) {
  if (msg.error) throw new Error(`JSON-RPC error instead of a result: ${JSON.stringify(msg.error)}`);
  const tools = msg.result?.tools;
  if (!Array.isArray(tools) || !tools.some((t) => t.name === 'echo')) {
    throw new Error(`wrong tools/list result: ${JSON.stringify(msg.result).slice(0, 300)}`);
  }
  return tools.length;
}

/**
 * Prepares an HTTP row: for `session` rows runs initialize + notifications/initialized and returns
 * the session id. Resolves { sessionId, headers(method) }.
 */
async function setupHttp(port, path, kind, tool = 'echo') {
  let sessionId;
  if (kind === 'session') {
    const reply = await post(port, path, initializeMessage(0), { 'MCP-Protocol-Version': SESSION_VERSION });
    const msg = responseFor(reply, 0);
    if (msg.error) throw new Error(`initialize failed: ${JSON.stringify(msg.error)}`);
    sessionId = reply.headers['mcp-session-id'];
    if (!sessionId) throw new Error('initialize answered without Mcp-Session-Id');
    const note = await post(
      port,
      path,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      headersFor(kind, 'notifications/initialized', sessionId),
    );
    if (note.status >= 300) throw new Error(`notifications/initialized: HTTP ${note.status} ${note.text}`);
  }
  return { sessionId, headers: (method) => headersFor(kind, method, sessionId, tool) };
}

/** One checked tools/call over HTTP. */
async function checkEchoHttp(port, path, kind, setup, tool = 'echo') {
  const id = 7;
  const reply = await post(
    port,
    path,
    { jsonrpc: '2.0', id, method: 'tools/call', params: callParams(kind, tool) },
    setup.headers('tools/call'),
  );
  if (reply.status !== 200) throw new Error(`tools/call: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  assertEcho(responseFor(reply, id));
}

async function checkListHttp(port, path, kind, setup) {
  const id = 8;
  const reply = await post(
    port,
    path,
    { jsonrpc: '2.0', id, method: 'tools/list', params: params(kind, {}) },
    setup.headers('tools/list'),
  );
  if (reply.status !== 200) throw new Error(`tools/list: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  return assertList(responseFor(reply, id));
}

/** Keeps `concurrency` requests in flight for `durationMs`; returns throughput and latency percentiles. */
async function closedLoop(concurrency, durationMs, send) {
  const lat = [];
  let errors = 0;
  let next = 1;
  const t0 = process.hrtime.bigint();
  const end = Date.now() + durationMs;
  async function worker() {
    while (Date.now() < end) {
      const s = process.hrtime.bigint();
      try {
        await send(next++);
        lat.push(Number(process.hrtime.bigint() - s) / 1e3);
      } catch {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : Number.NaN);
  return { rps: lat.length / secs, p50_us: pct(50), p99_us: pct(99), errors, requests: lat.length };
}

/** Routes JSON-RPC responses (by id) from a stream of messages to waiting callers. */
class Pending {
  constructor() {
    this.waiting = new Map();
  }
  wait(id, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no response for id ${id}`));
      }, timeoutMs);
      this.waiting.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
  }
  deliver(msg) {
    if (msg && msg.id !== undefined && msg.id !== null) {
      const fn = this.waiting.get(msg.id);
      if (fn) {
        this.waiting.delete(msg.id);
        fn(msg);
      }
    }
  }
}

/**
 * A legacy HTTP+SSE session: GET /sse, read the endpoint event, POST to it, read answers from the
 * stream. `open()` only opens the stream (for the idle-stream RSS metric).
 */
class LegacySseClient {
  constructor(port, ssePath = '/sse') {
    this.port = port;
    this.ssePath = ssePath;
    this.pending = new Pending();
    this.postAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  }
  open() {
    return new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: this.port,
          path: this.ssePath,
          agent: false,
          headers: { accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${this.ssePath}: HTTP ${res.statusCode}`));
          this.res = res;
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            buf += chunk;
            let i = buf.search(/\r?\n\r?\n/);
            while (i >= 0) {
              const block = buf.slice(0, i);
              buf = buf.slice(buf.slice(i).match(/^\r?\n\r?\n/)[0].length + i);
              this.onEvent(block, resolve);
              i = buf.search(/\r?\n\r?\n/);
            }
          });
          res.on('error', () => {});
        },
      );
      req.on('error', reject);
      this.req = req;
    });
  }
  onEvent(block, resolveOpen) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (!data.length) return;
    if (event === 'endpoint') {
      this.endpoint = data.join('\n');
      resolveOpen();
    } else this.pending.deliver(JSON.parse(data.join('\n')));
  }
  async request(id, method, p) {
    const answer = this.pending.wait(id);
    const reply = await post(
      this.port,
      this.endpoint,
      { jsonrpc: '2.0', id, method, params: p },
      {},
      { agent: this.postAgent },
    );
    if (reply.status >= 300) throw new Error(`POST ${this.endpoint}: HTTP ${reply.status} ${reply.text}`);
    return answer;
  }
  async initialize() {
    const msg = await this.request('init', 'initialize', initializeMessage(0).params);
    if (msg.error) throw new Error(`initialize failed: ${JSON.stringify(msg.error)}`);
    await post(
      this.port,
      this.endpoint,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      {},
      { agent: this.postAgent },
    );
  }
  close() {
    this.req?.destroy();
    this.postAgent.destroy();
  }
}

/** A client over a child's stdin/stdout (newline-delimited JSON-RPC). */
class StdioClient {
  constructor(child) {
    this.child = child;
    this.pending = new Pending();
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) {
          try {
            this.pending.deliver(JSON.parse(line));
          } catch {
            /* not a JSON-RPC line */
          }
        }
        i = buf.indexOf('\n');
      }
    });
  }
  request(id, method, p) {
    const answer = this.pending.wait(id);
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params: p })}\n`);
    return answer;
  }
  notify(method, p) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, ...(p ? { params: p } : {}) })}\n`);
  }
  async initialize() {
    const msg = await this.request('init', 'initialize', initializeMessage(0).params);
    if (msg.error) throw new Error(`initialize failed: ${JSON.stringify(msg.error)}`);
    this.notify('notifications/initialized');
  }
}

module.exports = {
  TEXT,
  META,
  post,
  messagesOf,
  responseFor,
  assertEcho,
  assertList,
  setupHttp,
  checkEchoHttp,
  checkListHttp,
  headersFor,
  callParams,
  params,
  initializeMessage,
  closedLoop,
  LegacySseClient,
  StdioClient,
};
