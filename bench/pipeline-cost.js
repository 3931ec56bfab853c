// What the call pipeline costs a tools/call when nothing is declared around the tool (no guard,
// interceptor, pipe, filter, limit or middleware), against calling the same component directly
// (lib/direct-invoke.js: validate -> method -> result mapper, nothing else). Two measurements, each
// alternating the two forms run by run so that the machine's load drifts over both alike:
//
//   1. in process, no I/O: tools/call through the engine (front door, session era, tools feature)
//      with the in-memory TestClient, CPU microseconds per call (process.cpuUsage: on a shared,
//      loaded machine wall time mostly measures the neighbours);
//   2. over streamable HTTP (stateful, JSON responses; the driver's reference row) with wrk at
//      c=1, 16, 64: two servers pinned to core 0 (one loaded at a time), wrk on core 1; req/s and
//      latency, and the server's own CPU time per request (/proc/PID/stat), the steadier number.
//
//   node bench/pipeline-cost.js        (after `npm run build`; needs wrk and 2 cores)
//   RUNS=5 DURATION=5 CALLS=20000 SKIP_HTTP=1
const path = require('node:path');
const { ROOT, median, pct, echoServer, cpuPerCall, wrkAlternating } = require('./lib/ab-cost');
const { bypassPipeline } = require('./lib/direct-invoke');

const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const DURATION_S = Number(process.env.DURATION || 5);
const CALLS = Number(process.env.CALLS || 20_000);
const CONCURRENCY = [1, 16, 64];
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const log = (...a) => console.error(`[pipeline-cost ${new Date().toISOString().slice(11, 19)}]`, ...a);

/**
 * Two applications of the same server in this process, one calling its components directly; batches
 * alternate between them. (Swapping one application's pipeline back and forth instead would make
 * its call sites see changing targets and measure the swap.)
 */
async function inProcess() {
  const armature = require(path.join(ROOT, 'dist/index.js'));
  const { TestClient } = require(path.join(ROOT, 'dist/testing/index.js'));
  const clients = {};
  const apps = [];
  for (const form of ['pipeline', 'direct']) {
    const app = await armature.McpApplication.create(echoServer(armature, 'pipeline-cost'), {
      logger: new armature.Logger('armature', 'error'),
    });
    if (form === 'direct') bypassPipeline(app);
    apps.push(app);
    clients[form] = await TestClient.connect(app);
  }
  const batch = (client) => cpuPerCall(client, CALLS);
  const times = { pipeline: [], direct: [] };
  await batch(clients.pipeline); // warm-up: chains built, code optimised
  await batch(clients.direct);
  for (let run = 0; run < RUNS * 2; run++) {
    const order = run % 2 ? ['direct', 'pipeline'] : ['pipeline', 'direct'];
    for (const form of order) times[form].push(await batch(clients[form]));
  }
  for (const app of apps) await app.close();
  const through = median(times.pipeline);
  const direct = median(times.direct);
  log(`in process: pipeline ${through.toFixed(2)} CPU µs/call, direct ${direct.toFixed(2)} CPU µs/call`);
  return { through, direct, times };
}

function overHttp() {
  return wrkAlternating({
    forms: { pipeline: {}, direct: { PIPELINE: 'direct' } },
    basePort: 3700,
    concurrency: CONCURRENCY,
    runs: RUNS,
    durationS: DURATION_S,
    clientCpu: CLIENT_CPU,
    log,
  });
}

async function main() {
  const os = require('node:os');
  const load0 = os.loadavg().map((x) => x.toFixed(2));
  const started = new Date();
  const local = await inProcess();
  const http = process.env.SKIP_HTTP === '1' ? undefined : await overHttp();
  const load1 = os.loadavg().map((x) => x.toFixed(2));
  const out = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; ${os.cpus().length} cores; load average at start ${load0.join(' ')}, at end ${load1.join(' ')}`,
    '',
    '| tools/call, nothing declared | through the call pipeline | components called directly | pipeline cost (extra CPU time per call) | req/s: pipeline / direct (p50 / p99 ms) |',
    '|---|---:|---:|---:|---:|',
    `| in process (TestClient, ${RUNS * 2} alternating batches of ${CALLS.toLocaleString('en-US')} calls, median) | ${local.through.toFixed(2)} CPU µs/call | ${local.direct.toFixed(2)} CPU µs/call | ${pct(local.through, local.direct)} | |`,
  ];
  if (http) {
    const ms = (us) => (us / 1000).toFixed(2);
    for (const c of CONCURRENCY) {
      const { pipeline, direct } = http[c];
      out.push(
        `| streamable HTTP, stateful JSON, c=${c} (${RUNS} alternating ${DURATION_S} s wrk runs, medians) | ${pipeline.cpu_us.toFixed(1)} CPU µs/req | ${direct.cpu_us.toFixed(1)} CPU µs/req | ${pct(pipeline.cpu_us, direct.cpu_us)} | ${Math.round(pipeline.rps).toLocaleString('en-US')} (${ms(pipeline.p50_us)} / ${ms(pipeline.p99_us)}) / ${Math.round(direct.rps).toLocaleString('en-US')} (${ms(direct.p50_us)} / ${ms(direct.p99_us)}) |`,
      );
    }
  }
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
