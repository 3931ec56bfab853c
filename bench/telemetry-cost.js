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
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, stopServer } = require('./lib/proc');
const C = require('./lib/clients');
const { bodyParts, runWrk } = require('./lib/wrk');
const { removeTelemetry } = require('./lib/no-telemetry');

const ROOT = path.join(__dirname, '..');
const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const DURATION_S = Number(process.env.DURATION || 5);
const CALLS = Number(process.env.CALLS || 20_000);
const CONCURRENCY = [1, 16, 64];
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
const log = (...a) => console.error(`[telemetry-cost ${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
/** CPU time (user + system) a process has used, in microseconds. */
function cpuUs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
}
const pct = (measured, reference) => `${(((measured - reference) / reference) * 100).toFixed(1)} %`;

/** The bench's echo server, declared as tsc emits a decorated class. */
function echoServer(armature) {
  const { McpServer, Tool } = armature;
  // A class per application: decorators record metadata on the class they are given.
  const { IsString } = require(require.resolve('class-validator', { paths: [ROOT] }));
  const decorate = (decorators, target, key, desc) => {
    let d = desc;
    for (let i = decorators.length - 1; i >= 0; i--) d = decorators[i](target, key, d) || d;
    if (key !== undefined && d) Object.defineProperty(target, key, d);
    return d;
  };
  class EchoArgs {}
  decorate([IsString(), Reflect.metadata('design:type', String)], EchoArgs.prototype, 'text');
  class EchoServer {
    echo(args) {
      return args.text;
    }
  }
  decorate(
    [
      Tool({ description: 'Echoes its text' }),
      Reflect.metadata('design:type', Function),
      Reflect.metadata('design:paramtypes', [EchoArgs]),
    ],
    EchoServer.prototype,
    'echo',
    Object.getOwnPropertyDescriptor(EchoServer.prototype, 'echo'),
  );
  McpServer({ name: 'telemetry-cost', version: '1.0.0' })(EchoServer);
  return EchoServer;
}

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
    const app = await armature.McpApplication.create(echoServer(armature), { logger });
    if (form === 'off') removeTelemetry(app);
    apps.push(app);
    clients[form] = await TestClient.connect(app);
  }
  const batch = async (client) => {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) {
      const result = await client.callTool('echo', { text: 'hello' });
      if (result.content[0].text !== 'hello') throw new Error(`wrong answer: ${JSON.stringify(result)}`);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / CALLS;
  };
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

async function overHttp() {
  const forms = {};
  try {
    for (const [form, env] of [
      ['api', {}],
      ['off', { TELEMETRY: 'off' }],
    ]) {
      const port = 3900 + Math.floor(Math.random() * 200) * 2 + (form === 'off' ? 1 : 0);
      const server = await startServer(path.join(__dirname, 'servers/armature.js'), {
        MODE: 'stateful-json',
        PORT: String(port),
        TOOLS: '1',
        ARMATURE_LOG_LEVEL: 'warn',
        ...env,
      });
      forms[form] = { server, port };
      const setup = await C.setupHttp(port, '/mcp', 'session');
      await C.checkEchoHttp(port, '/mcp', 'session', setup);
      forms[form].spec = { ...bodyParts('session', 'tools/call'), headers: setup.headers('tools/call') };
      forms[form].setup = setup;
    }
    const results = {};
    for (const c of CONCURRENCY) {
      const runs = { api: [], off: [] };
      await runWrk(forms.api.port, c, 1, forms.api.spec, CLIENT_CPU); // warm-up
      await runWrk(forms.off.port, c, 1, forms.off.spec, CLIENT_CPU);
      for (let run = 0; run < RUNS; run++) {
        const order = run % 2 ? ['off', 'api'] : ['api', 'off'];
        for (const form of order) {
          const before = cpuUs(forms[form].server.pid);
          const r = await runWrk(forms[form].port, c, DURATION_S, forms[form].spec, CLIENT_CPU);
          r.cpu_us = (cpuUs(forms[form].server.pid) - before) / r.requests;
          if (r.errors) throw new Error(`${form} c=${c}: ${r.errors} errors`);
          runs[form].push(r);
        }
      }
      results[c] = Object.fromEntries(
        Object.entries(runs).map(([form, rs]) => [
          form,
          {
            rps: median(rs.map((r) => r.rps)),
            p50_us: median(rs.map((r) => r.p50_us)),
            p99_us: median(rs.map((r) => r.p99_us)),
            cpu_us: median(rs.map((r) => r.cpu_us)),
            runs: rs.map((r) => Math.round(r.rps)),
          },
        ]),
      );
      log(
        `HTTP c=${c}: api ${Math.round(results[c].api.rps)} req/s (${results[c].api.runs.join(', ')}), ${results[c].api.cpu_us.toFixed(1)} CPU µs/req; off ${Math.round(results[c].off.rps)} req/s (${results[c].off.runs.join(', ')}), ${results[c].off.cpu_us.toFixed(1)} CPU µs/req`,
      );
    }
    for (const form of Object.keys(forms))
      await C.checkEchoHttp(forms[form].port, '/mcp', 'session', forms[form].setup);
    return results;
  } finally {
    for (const { server } of Object.values(forms)) await stopServer(server);
  }
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
