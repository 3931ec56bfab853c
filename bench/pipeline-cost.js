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
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, stopServer } = require('./lib/proc');
const C = require('./lib/clients');
const { bodyParts, runWrk } = require('./lib/wrk');
const { bypassPipeline } = require('./lib/direct-invoke');

const ROOT = path.join(__dirname, '..');
const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const DURATION_S = Number(process.env.DURATION || 5);
const CALLS = Number(process.env.CALLS || 20_000);
const CONCURRENCY = [1, 16, 64];
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
const log = (...a) => console.error(`[pipeline-cost ${new Date().toISOString().slice(11, 19)}]`, ...a);
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
const pct = (through, direct) => `${(((through - direct) / direct) * 100).toFixed(1)} %`;

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
  McpServer({ name: 'pipeline-cost', version: '1.0.0' })(EchoServer);
  return EchoServer;
}

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
    const app = await armature.McpApplication.create(echoServer(armature), {
      logger: new armature.Logger('armature', 'error'),
    });
    if (form === 'direct') bypassPipeline(app);
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

async function overHttp() {
  const forms = {};
  try {
    for (const [form, env] of [
      ['pipeline', {}],
      ['direct', { PIPELINE: 'direct' }],
    ]) {
      const port = 3700 + Math.floor(Math.random() * 200) * 2 + (form === 'direct' ? 1 : 0);
      const server = await startServer(path.join(__dirname, 'servers/armature.js'), {
        MODE: 'stateful-json',
        PORT: String(port),
        TOOLS: '1',
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
      const runs = { pipeline: [], direct: [] };
      await runWrk(forms.pipeline.port, c, 1, forms.pipeline.spec, CLIENT_CPU); // warm-up
      await runWrk(forms.direct.port, c, 1, forms.direct.spec, CLIENT_CPU);
      for (let run = 0; run < RUNS; run++) {
        const order = run % 2 ? ['direct', 'pipeline'] : ['pipeline', 'direct'];
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
        `HTTP c=${c}: pipeline ${Math.round(results[c].pipeline.rps)} req/s (${results[c].pipeline.runs.join(', ')}), ${results[c].pipeline.cpu_us.toFixed(1)} CPU µs/req; direct ${Math.round(results[c].direct.rps)} req/s (${results[c].direct.runs.join(', ')}), ${results[c].direct.cpu_us.toFixed(1)} CPU µs/req`,
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
