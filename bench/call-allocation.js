// What one tools/call costs in process, per era: CPU microseconds and bytes allocated on the V8
// heap, through the engine with the in-memory TestClient (no I/O), for a 2025-11-25 session call and
// a 2026-07-28 call of the bench's `echo` tool (nothing declared around it, tasks forbidden).
//
// Allocated bytes are read from V8's GC profiler: what the heap grew by over a batch, plus what
// every collection during it freed. CPU time rather than wall time, because on a shared, loaded
// machine wall time mostly measures the neighbours. Batches of the two eras alternate.
//
//   node --expose-gc bench/call-allocation.js        (after `npm run build`)
//   RUNS=5 CALLS=20000 DIST=dist
const path = require('node:path');
const { ROOT, median, echoServer, perCallCost } = require('./lib/ab-cost');

const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const CALLS = Number(process.env.CALLS || 20_000);
const DIST = path.resolve(ROOT, process.env.DIST || 'dist');
const log = (...a) => console.error(`[call-allocation ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** CPU µs and heap bytes allocated per call over `calls` calls of `echo`, answers checked. */
function measure(client, calls) {
  return perCallCost(calls, async () => {
    for (let i = 0; i < calls; i++) {
      const result = await client.callTool('echo', { text: 'hello' });
      if (result.content[0].text !== 'hello') throw new Error(`wrong answer: ${JSON.stringify(result)}`);
    }
  });
}

async function main() {
  if (!globalThis.gc) log('run with --expose-gc for a clean heap before each batch');
  const armature = require(path.join(DIST, 'index.js'));
  const { TestClient } = require(path.join(DIST, 'testing/index.js'));
  const eras = { '2025-11-25 session': { era: 'session' }, '2026-07-28': { era: 'stateless' } };
  const clients = {};
  const apps = [];
  for (const [name, options] of Object.entries(eras)) {
    const app = await armature.McpApplication.create(echoServer(armature, 'call-allocation'), {
      logger: new armature.Logger('armature', 'error'),
    });
    apps.push(app);
    clients[name] = await TestClient.connect(app, options);
  }
  const names = Object.keys(eras);
  for (const name of names) await measure(clients[name], CALLS); // warm-up: chains built, code optimised
  const measured = Object.fromEntries(names.map((name) => [name, []]));
  for (let run = 0; run < RUNS * 2; run++) {
    const order = run % 2 ? [...names].reverse() : names;
    for (const name of order) measured[name].push(await measure(clients[name], CALLS));
  }
  for (const app of apps) await app.close();
  const os = require('node:os');
  const out = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; ${DIST}`,
    '',
    `| tools/call of echo, in process (${RUNS * 2} alternating batches of ${CALLS.toLocaleString('en-US')} calls, median) | CPU µs/call | bytes allocated/call |`,
    '|---|---:|---:|',
  ];
  for (const name of names) {
    const cpu = median(measured[name].map((m) => m.cpuUs));
    const bytes = median(measured[name].map((m) => m.bytes));
    out.push(`| ${name} | ${cpu.toFixed(2)} | ${Math.round(bytes).toLocaleString('en-US')} |`);
  }
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
