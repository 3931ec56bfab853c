// What OpenTelemetry costs a tools/call when no SDK is registered (Armature depends on
// @opentelemetry/api only, whose calls are then no-ops), against the same request seam with no
// telemetry code at all (lib/no-telemetry.js). Also what the per-request log record costs at info.
// Each measurement alternates the forms run by run, so that the machine's load drifts over all alike:
//
//   1. in process, no I/O: tools/call through the engine with the in-memory TestClient, CPU
//      microseconds per call (process.cpuUsage: on a shared, loaded machine wall time mostly
//      measures the neighbours). Forms: telemetry off; the API with no SDK (the default); the
//      default plus the info log record, written to /dev/null (ARMATURE_LOG_LEVEL=info, text);
//   2. over streamable HTTP (stateful, JSON responses) with wrk at c=1, 16, 64: two servers pinned
//      to core 0 (one loaded at a time), wrk on core 1; the server's CPU time per request
//      (/proc/PID/stat), req/s and latency. Both at ARMATURE_LOG_LEVEL=warn: telemetry alone.
//
//   node bench/telemetry-cost.js        (after `npm run build`; needs wrk and 2 cores)
//   RUNS=5 DURATION=5 CALLS=20000 SKIP_HTTP=1
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, median, pct, echoServer, cpuPerCall, wrkAlternating } = require('./lib/ab-cost');
const { removeTelemetry } = require('./lib/no-telemetry');

const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const DURATION_S = Number(process.env.DURATION || 5);
const CALLS = Number(process.env.CALLS || 20_000);
const CONCURRENCY = [1, 16, 64];
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const log = (...a) => console.error(`[telemetry-cost ${new Date().toISOString().slice(11, 19)}]`, ...a);

/**
 * Three applications of the same server in this process, one with no telemetry code, one as
 * shipped (the API, no SDK), one as shipped logging each request at info; batches alternate.
 */
async function inProcess() {
  const armature = require(path.join(ROOT, 'dist/index.js'));
  const { TestClient } = require(path.join(ROOT, 'dist/testing/index.js'));
  const devNull = fs.openSync('/dev/null', 'w');
  const forms = {
    off: new armature.Logger('armature', 'warn'),
    api: new armature.Logger('armature', 'warn'),
    'api+log': new armature.Logger('armature', 'info', (line) => fs.writeSync(devNull, line), { format: 'text' }),
  };
  const clients = {};
  const apps = [];
  for (const [form, logger] of Object.entries(forms)) {
    const app = await armature.McpApplication.create(echoServer(armature, 'telemetry-cost'), { logger });
    if (form === 'off') removeTelemetry(app);
    apps.push(app);
    clients[form] = await TestClient.connect(app);
  }
  const batch = (client) => cpuPerCall(client, CALLS);
  const names = Object.keys(forms);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (const form of names) await batch(clients[form]); // warm-up
  for (let run = 0; run < RUNS * 2; run++) {
    const order = names.map((_, i) => names[(i + run) % names.length]);
    for (const form of order) times[form].push(await batch(clients[form]));
  }
  for (const app of apps) await app.close();
  fs.closeSync(devNull);
  const medians = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  log(`in process: ${names.map((n) => `${n} ${medians[n].toFixed(2)} CPU µs/call`).join(', ')}`);
  return { medians, times };
}

function overHttp() {
  return wrkAlternating({
    forms: { api: { ARMATURE_LOG_LEVEL: 'warn' }, off: { ARMATURE_LOG_LEVEL: 'warn', TELEMETRY: 'off' } },
    basePort: 3900,
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
  const m = local.medians;
  const out = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; ${os.cpus().length} cores; load average at start ${load0.join(' ')}, at end ${load1.join(' ')}`,
    '',
    '| tools/call | telemetry API, no SDK (as shipped) | no telemetry code | telemetry cost | as shipped + info log record | log record cost |',
    '|---|---:|---:|---:|---:|---:|',
    `| in process (TestClient, ${RUNS * 2} rotating batches of ${CALLS.toLocaleString('en-US')} calls, median) | ${m.api.toFixed(2)} CPU µs/call | ${m.off.toFixed(2)} CPU µs/call | ${pct(m.api, m.off)} | ${m['api+log'].toFixed(2)} CPU µs/call | ${pct(m['api+log'], m.api)} |`,
  ];
  if (http) {
    out.push(
      '',
      '| tools/call over streamable HTTP, stateful JSON | telemetry API, no SDK | no telemetry code | telemetry cost (CPU per request) | req/s: API / none (p50 / p99 ms) |',
      '|---|---:|---:|---:|---:|',
    );
    const ms = (us) => (us / 1000).toFixed(2);
    for (const c of CONCURRENCY) {
      const { api, off } = http[c];
      out.push(
        `| c=${c} (${RUNS} alternating ${DURATION_S} s wrk runs, medians) | ${api.cpu_us.toFixed(1)} CPU µs/req | ${off.cpu_us.toFixed(1)} CPU µs/req | ${pct(api.cpu_us, off.cpu_us)} | ${Math.round(api.rps).toLocaleString('en-US')} (${ms(api.p50_us)} / ${ms(api.p99_us)}) / ${Math.round(off.rps).toLocaleString('en-US')} (${ms(off.p50_us)} / ${ms(off.p99_us)}) |`,
      );
    }
  }
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
