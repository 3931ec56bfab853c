// SSE answers on a loaded machine: server CPU time per request and socket writes per request, for
// two builds of Armature, alternating run by run so the machine's load drifts over both alike.
//   node bench/sse-writes.js [otherRoot]
// `otherRoot` is a directory holding another build laid out like this repository (dist/, bench/servers,
// bench/lib, node_modules): the reference, e.g. a copy made before a change. Without it, only this
// checkout is measured. `npm run build` first. Workloads (fixed request counts, not durations):
//   stateful-sse c=1 / c=16  tools/call over streamable HTTP answered as an SSE stream
//   legacy c=64              tools/call round trips over the 2024-11-05 HTTP+SSE transport
//   stateful-json c=16       the same call answered as one JSON body (the reference)
// ONLY=stateful-sse,legacy picks workloads by name prefix.
// STRACE=1 adds a pass per form with `strace -c -e trace=write,writev` attached to the server: the
// number of write/writev syscalls per request (deterministic, unlike req/s). SDK1=1 adds the SDK v1
// server of the same rows (bench/servers/sdk1.js; `npm ci` in bench/ first) as a third form.
const { spawn } = require('node:child_process');
const path = require('node:path');

const HERE = __dirname;
const RUNS = Number(process.env.RUNS || 5);
const CALLS = Number(process.env.CALLS || 10000);

/** The server file of each form measured. */
const roots = { new: path.join(HERE, 'servers/armature.js') };
if (process.argv[2]) roots.old = path.join(path.resolve(process.argv[2]), 'bench/servers/armature.js');
if (process.env.SDK1) roots.sdk1 = path.join(HERE, 'servers/sdk1.js');

const C = require('./lib/clients');
const { startServer, stopServer, rssKiB } = require('./lib/proc');
const { cpuTimesUs: cpuUs, median } = require('./lib/ab-cost');

/** Runs `calls` requests through `send`, `concurrency` at a time. */
async function batch(concurrency, calls, send) {
  let next = 0;
  async function worker() {
    while (next < calls) await send(next++);
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const WORKLOADS = {
  'stateful-sse c=1': { mode: 'stateful-sse', concurrency: 1 },
  'stateful-sse c=16': { mode: 'stateful-sse', concurrency: 16 },
  'legacy c=64': { mode: 'sse', concurrency: 64 },
  // The reference an SSE answer is held to: the same call answered as one JSON body.
  'stateful-json c=16': { mode: 'stateful-json', concurrency: 16 },
};

/** A started server of `root` with a ready client: send(i) makes one checked tools/call. */
async function open(file, mode, port) {
  const server = await startServer(file, { MODE: mode, PORT: String(port) });
  if (mode === 'sse') {
    const client = new C.LegacySseClient(port);
    await client.open();
    await client.initialize();
    const send = async (i) => C.assertEcho(await client.request(i + 1, 'tools/call', C.callParams('session')));
    return { server, send, close: () => client.close() };
  }
  const setup = await C.setupHttp(port, '/mcp', 'session');
  const send = async (i) => {
    const reply = await C.post(
      port,
      '/mcp',
      { jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: C.callParams('session') },
      setup.headers('tools/call'),
    );
    C.assertEcho(C.responseFor(reply, i + 1));
  };
  return { server, send, close: () => undefined };
}

/** Write and writev syscalls of `pid` while `work` runs. */
async function countWrites(pid, work) {
  const strace = spawn('strace', ['-c', '-e', 'trace=write,writev', '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  strace.stderr.on('data', (c) => (out += c));
  await new Promise((resolve) => strace.stderr.once('data', resolve)); // "attached"
  await work();
  const exited = new Promise((resolve) => strace.once('exit', resolve));
  strace.kill('SIGINT');
  await exited;
  const calls = (name) => {
    const row = out.split('\n').find((l) => l.trim().endsWith(` ${name}`));
    return row ? Number(row.trim().split(/\s+/)[3]) : 0;
  };
  return { write: calls('write'), writev: calls('writev') };
}

async function main() {
  const forms = Object.keys(roots);
  let port = 3400 + Math.floor(Math.random() * 500);
  const only = process.env.ONLY?.split(',');
  for (const [name, w] of Object.entries(WORKLOADS)) {
    if (only && !only.some((o) => name.startsWith(o))) continue;
    const servers = {};
    const cpu = Object.fromEntries(forms.map((f) => [f, { user: [], sys: [] }]));
    try {
      for (const form of forms) {
        servers[form] = await open(roots[form], w.mode, port++);
        await batch(w.concurrency, 3000, servers[form].send); // warm-up (JIT)
      }
      for (let run = 0; run < RUNS; run++) {
        for (const form of forms) {
          const { server, send } = servers[form];
          const before = cpuUs(server.pid);
          await batch(w.concurrency, CALLS, send);
          const after = cpuUs(server.pid);
          cpu[form].user.push((after.user - before.user) / CALLS);
          cpu[form].sys.push((after.sys - before.sys) / CALLS);
        }
      }
      const fmt = (xs) => `${median(xs).toFixed(1)} [${xs.map((x) => x.toFixed(0)).join(' ')}]`;
      for (const f of forms) {
        const total = cpu[f].user.map((u, i) => u + cpu[f].sys[i]);
        console.log(
          `${name}: ${f} server CPU µs/req total ${fmt(total)}, user ${fmt(cpu[f].user)}, sys ${fmt(cpu[f].sys)}, ` +
            `RSS after ${(rssKiB(servers[f].server.pid) / 1024).toFixed(0)} MiB`,
        );
      }
      if (process.env.STRACE) {
        const counts = [];
        for (const form of forms) {
          const { server, send } = servers[form];
          const n = 1000;
          const c = await countWrites(server.pid, () => batch(w.concurrency, n, send));
          counts.push(`${form} ${(c.write / n).toFixed(2)} write + ${(c.writev / n).toFixed(2)} writev per req`);
        }
        console.log(`${name}: syscalls ${counts.join(', ')}`);
      }
    } finally {
      for (const s of Object.values(servers)) {
        s.close();
        await stopServer(s.server);
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
