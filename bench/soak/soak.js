// `npm run soak`: does Armature give back the memory a long day of traffic used?
//   1. SOAK_CALLS tools/call (default 1,000,000) at SOAK_CONCURRENCY (32) keep-alive connections over
//      streamable HTTP, one session per connection, each answer checked;
//   2. SOAK_SESSIONS abandoned sessions (20,000): initialize, one streamed call each (progress, then
//      the result on an SSE stream logged for resumption), and no DELETE;
//   3. the session ttl (SOAK_TTL_MS, 60 s) passes, and two abandoned sessions are checked to be gone.
// Before "start", a warm-up does the same at a small scale (SOAK_WARM_CALLS 5,000 calls,
// SOAK_WARM_SESSIONS 500 sessions, expiry included), so the code is compiled and lazy parts built.
// RSS and heap after GC (the server runs with --expose-gc) at start, after the load and after the
// ttl are printed as a table; the target is heap after the ttl within 10 % of the start.
// Exit code 1 if an answer was wrong or the target is missed. See bench/README.md.
const { execSync } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { startServer, stopServer, sleep } = require('../lib/proc');

const CALLS = Number(process.env.SOAK_CALLS ?? 1_000_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 20_000);
const TTL_MS = Number(process.env.SOAK_TTL_MS ?? 60_000);
const WARM_CALLS = Number(process.env.SOAK_WARM_CALLS ?? 5_000);
const WARM_SESSIONS = Number(process.env.SOAK_WARM_SESSIONS ?? 500);
const PORT = Number(process.env.PORT ?? 3190);
const VERSION = '2025-11-25';
const TEXT = 'hello from the soak';
const ROOT = path.join(__dirname, '..', '..');

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Requests sent again because the server had closed their idle keep-alive socket as they left. */
let keepAliveRetries = 0;

/**
 * One HTTP request to the MCP endpoint; resolves { status, headers, text }. A request that meets a
 * keep-alive socket the server has just closed (ECONNRESET on a reused socket: Node's server
 * closes sockets idle for 5 s, which a starved client on a loaded machine can reach between two
 * requests) is sent again once on a new socket, as Node's documentation advises, and counted.
 */
async function request(method, body, headers = {}) {
  try {
    return await send(method, body, headers);
  } catch (error) {
    if (!error.reusedSocket || error.code !== 'ECONNRESET') throw error;
    keepAliveRetries++;
    return send(method, body, headers);
  }
}

function send(method, body, headers) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path: '/mcp',
        method,
        agent,
        headers: {
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': VERSION,
          ...(data === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(data);
  });
}

async function openSession() {
  const init = await request('POST', {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 'armature-soak', version: '1.0.0' } },
  });
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || !id) throw new Error(`initialize failed: ${init.status} ${init.text.slice(0, 200)}`);
  const ack = await request('POST', { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id });
  if (ack.status !== 202) throw new Error(`notifications/initialized: ${ack.status}`);
  return id;
}

const call = (id, name, meta) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: { text: TEXT }, ...(meta ? { _meta: meta } : {}) },
});

/** Whether an answer (a JSON body, or an SSE stream whose last event is the answer) echoes TEXT. */
function answered(res, id) {
  if (res.status !== 200) return false;
  const json = res.headers['content-type']?.startsWith('text/event-stream')
    ? res.text
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map((line) => JSON.parse(line.slice(6)))
        .find((message) => message.id === id)
    : JSON.parse(res.text);
  return json?.id === id && json.result?.content?.[0]?.text === TEXT && !json.result.isError;
}

/** Asks the server to collect garbage and report; resolves { rss, heap, streams, eventBytes } in bytes. */
function measure(server) {
  return new Promise((resolve) => {
    const seen = server.stderr().length;
    const poll = setInterval(() => {
      const m = /SOAK_MEM (\d+) (\d+) (\d+) (\d+)/.exec(server.stderr().slice(seen));
      if (!m) return;
      clearInterval(poll);
      resolve({ rss: Number(m[1]), heap: Number(m[2]), streams: Number(m[3]), eventBytes: Number(m[4]) });
    }, 20);
    process.kill(server.pid, 'SIGUSR2');
  });
}

/** Runs `work(i, worker)` for i in [0, total) on CONCURRENCY loops; logs progress every tenth when labelled. */
async function pool(label, total, work) {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.floor(total / 10));
  const started = Date.now();
  const loop = async (worker) => {
    for (let i = next++; i < total; i = next++) {
      await work(i, worker);
      if (++done % step === 0 && label)
        process.stderr.write(`  ${label}: ${done} in ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, worker) => loop(worker)));
}

async function timed(work) {
  const started = Date.now();
  await work();
  return (Date.now() - started) / 1000;
}

function armatureFrom() {
  if (process.env.ARMATURE_FROM === 'src') return 'src';
  try {
    execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
    return 'dist';
  } catch {
    process.stderr.write('npm run build failed: running Armature from src through its loader\n');
    return 'src';
  }
}

const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const from = armatureFrom();
  const server = await startServer(
    path.join(__dirname, 'soak-server.js'),
    { PORT: String(PORT), SOAK_TTL_MS: String(TTL_MS), ARMATURE_FROM: from, ARMATURE_LOG_LEVEL: 'warn' },
    { nodeArgs: ['--expose-gc'] },
  );
  const rows = [];
  let wrong = 0;

  /** `count` echo calls on CONCURRENCY sessions (one per connection), which are then DELETEd. */
  async function callLoad(count, label) {
    const sessions = [];
    for (let w = 0; w < CONCURRENCY; w++) sessions.push(await openSession());
    const ids = new Array(CONCURRENCY).fill(1);
    await pool(label, count, async (_, worker) => {
      const id = ids[worker]++;
      const res = await request('POST', call(id, 'echo'), { 'mcp-session-id': sessions[worker] });
      if (!answered(res, id)) wrong++;
    });
    for (const id of sessions) await request('DELETE', undefined, { 'mcp-session-id': id });
  }

  /** `count` sessions with one streamed call each, left without a DELETE; returns two of their ids. */
  async function abandon(count, label) {
    const sample = [];
    await pool(label, count, async (i) => {
      const id = await openSession();
      if (i === 0 || i === count - 1) sample.push(id);
      const res = await request('POST', call(1, 'echo_streamed', { progressToken: i }), { 'mcp-session-id': id });
      if (!res.headers['content-type']?.startsWith('text/event-stream') || !answered(res, 1)) wrong++;
    });
    return sample;
  }

  /** Waits out the ttl and one sweep (every min(ttl / 4, 5 s)); checks the sample sessions are gone. */
  async function expire(sample) {
    await sleep(TTL_MS + Math.min(TTL_MS / 4, 5000) + 1000);
    for (const id of sample) {
      const res = await request('POST', { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'mcp-session-id': id });
      if (res.status !== 404) throw new Error(`an abandoned session is still there after its ttl (${res.status})`);
    }
  }

  try {
    // Warm-up: the same work at a small scale, expiry included, so "start" is a server that has done
    // each thing once (its code compiled and optimised, lazy parts built), not one still loading.
    await callLoad(WARM_CALLS);
    await expire(await abandon(WARM_SESSIONS));
    rows.push({
      point: `start (after a warm-up: ${WARM_CALLS} calls, ${WARM_SESSIONS} sessions expired)`,
      ...(await measure(server)),
    });

    const callSeconds = await timed(() => callLoad(CALLS, 'tools/call'));
    rows.push({
      point: `after ${CALLS.toLocaleString('en')} tools/call (c=${CONCURRENCY})`,
      ...(await measure(server)),
    });

    let abandoned;
    const sessionSeconds = await timed(async () => {
      abandoned = await abandon(SESSIONS, 'abandoned sessions');
    });
    rows.push({
      point: `after ${SESSIONS.toLocaleString('en')} abandoned sessions, 1 streamed call each`,
      ...(await measure(server)),
    });

    await expire(abandoned);
    rows.push({ point: `after the session ttl (${TTL_MS / 1000} s) passed`, ...(await measure(server)) });

    const start = rows[0];
    const table = [
      '| point | RSS MiB | heap used MiB | heap vs start | event store streams | event store MiB |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.point} | ${mib(r.rss)} | ${mib(r.heap)} | ${((r.heap / start.heap - 1) * 100).toFixed(1)} % | ${r.streams} | ${mib(r.eventBytes)} |`,
      ),
    ].join('\n');
    process.stdout.write(
      `Soak ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Armature from \`${from}\`; ` +
        `tools/call ${Math.round(CALLS / callSeconds)} req/s (${Math.round(callSeconds)} s), ` +
        `abandoned sessions ${Math.round(SESSIONS / sessionSeconds)}/s (${Math.round(sessionSeconds)} s); wrong answers: ${wrong}; ` +
        `requests resent after a keep-alive reset: ${keepAliveRetries}\n\n${table}\n`,
    );
    const back = rows.at(-1).heap <= start.heap * 1.1;
    process.stdout.write(`\nheap after the ttl ${back ? 'within' : 'NOT within'} 10 % of the start\n`);
    process.exitCode = back && wrong === 0 ? 0 : 1;
  } finally {
    agent.destroy();
    await stopServer(server);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
