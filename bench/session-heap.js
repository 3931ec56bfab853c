// Heap retained per idle streamable-HTTP session: the bench server's stateful JSON endpoint, in this
// process, driven over real HTTP on 127.0.0.1 (16 keep-alive sockets) the way driver.js drives its
// Sessions row: initialize + notifications/initialized, then nothing. After a warm-up (so compiled
// code and lazily built parts are in the baseline), the heap after two forced GCs is read before and
// after SESSIONS more sessions; the difference divided by SESSIONS is the figure.
//
//   node --expose-gc bench/session-heap.js            (after `npm run build`)
//   SESSIONS=10000  STATE=memory|redis  ARMATURE_REDIS_URL=redis://127.0.0.1:6379
//   SNAPSHOT=1000   also write heap snapshots around that many more sessions and print what each
//                   session adds, by constructor (count and bytes per session)
const path = require('node:path');
const http = require('node:http');
const v8 = require('node:v8');
const fs = require('node:fs');
const os = require('node:os');
const { randomBytes, randomUUID } = require('node:crypto');

const dist = path.join(__dirname, '..', 'dist');
const { McpApplication, McpServer, Logger } = require(path.join(dist, 'index.js'));

const SESSIONS = Number(process.env.SESSIONS || 10_000);
const WARM = Number(process.env.WARM || 500);
const STATE = process.env.STATE || 'memory';
const SNAPSHOT = Number(process.env.SNAPSHOT || 0);
const REDIS_URL = process.env.ARMATURE_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `armature-bench:${randomUUID()}:`;
const VERSION = '2025-11-25';

if (typeof global.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

class HeapServer {}
McpServer({ name: 'bench-armature', version: '1.0.0' })(HeapServer);

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function post(port, body, headers) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': VERSION,
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function openSession(port) {
  const init = await post(port, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 'armature-bench', version: '1.0.0' } },
  });
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || !id) throw new Error(`initialize: HTTP ${init.status} ${init.text.slice(0, 200)}`);
  const note = await post(port, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id });
  if (note.status >= 300) throw new Error(`notifications/initialized: HTTP ${note.status}`);
}

async function open(port, count) {
  let made = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (made < count) {
        made++;
        await openSession(port);
      }
    }),
  );
}

async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    global.gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Self size and count per node (type, name) of a heap snapshot file. */
function census(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [T, N, S] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + T]];
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : snap.strings[nodes[i + N]];
    const key = `${type} ${name.slice(0, 60)}`;
    const e = out.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += nodes[i + S];
    out.set(key, e);
  }
  return out;
}

function freePort() {
  const net = require('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function main() {
  const app = await McpApplication.create(HeapServer, {
    logger: new Logger('bench', 'warn'),
    ...(STATE === 'redis'
      ? { state: { type: 'redis', url: REDIS_URL, prefix: PREFIX }, stateKey: randomBytes(32).toString('base64url') }
      : {}),
  });
  const port = await freePort();
  await app.listen({ transport: 'streamable-http', port, host: '127.0.0.1', responseMode: 'json' });
  try {
    await open(port, WARM);
    const base = await settledHeap();
    await open(port, SESSIONS);
    const after = await settledHeap();
    console.log(
      `idle session heap (${STATE}): ${Math.round((after - base) / SESSIONS)} B/session at ${SESSIONS.toLocaleString('en-US')} sessions (heap ${(base / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MiB)`,
    );
    if (SNAPSHOT > 0) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'session-heap-'));
      await settledHeap();
      const a = v8.writeHeapSnapshot(path.join(dir, 'a.heapsnapshot'));
      await open(port, SNAPSHOT);
      await settledHeap();
      const b = v8.writeHeapSnapshot(path.join(dir, 'b.heapsnapshot'));
      const [ca, cb] = [census(a), census(b)];
      const rows = [];
      for (const [key, e] of cb) {
        const was = ca.get(key) ?? { count: 0, size: 0 };
        const size = (e.size - was.size) / SNAPSHOT;
        if (Math.abs(size) >= 4) rows.push({ key, count: (e.count - was.count) / SNAPSHOT, size });
      }
      rows.sort((x, y) => y.size - x.size);
      let total = 0;
      for (const r of rows) total += r.size;
      console.log(`per session, by heap snapshot diff over ${SNAPSHOT} sessions (total ${Math.round(total)} B):`);
      for (const r of rows.slice(0, 40))
        console.log(`${r.size.toFixed(1).padStart(8)} B ${r.count.toFixed(2).padStart(6)} x  ${r.key}`);
      if (process.env.KEEP) console.log(`snapshots: ${a} ${b}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    agent.destroy();
    await app.close();
    if (STATE === 'redis') await cleanRedis();
  }
}

async function cleanRedis() {
  const Redis = require(require.resolve('ioredis', { paths: [path.join(__dirname, '..')] }));
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) removed += await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  console.log(`removed ${removed} Redis keys under ${PREFIX}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
