// What the A/B cost benches share (pipeline-cost.js, telemetry-cost.js): the same echo server, CPU
// time per call in process, and alternating wrk runs against one server per form. Every form is
// measured in turn, run by run, so the load of a shared machine drifts over all of them alike; CPU
// time per request is the steadier number there, req/s and latency the familiar ones.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { startServer, stopServer } = require('./proc');
const C = require('./clients');
const { bodyParts, runWrk } = require('./wrk');
const { __decorate, __metadata } = require('./tsc-decorate');

const ROOT = path.join(__dirname, '..', '..');
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** How much more `measured` costs than `reference`, as a signed percentage. */
const pct = (measured, reference) => `${(((measured - reference) / reference) * 100).toFixed(1)} %`;

/** CPU time a process has used, user and system apart, in microseconds. */
function cpuTimesUs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: (Number(fields[11]) / CLOCK_TICKS) * 1e6, sys: (Number(fields[12]) / CLOCK_TICKS) * 1e6 };
}

/** CPU time (user + system) a process has used, in microseconds. */
function cpuUs(pid) {
  const { user, sys } = cpuTimesUs(pid);
  return user + sys;
}

/**
 * The bench's echo server, declared as tsc emits a decorated class. A new class per call, because
 * decorators record metadata on the class they are given and each application needs its own.
 */
function echoServer(armature, name) {
  const { McpServer, Tool } = armature;
  const { IsString } = require(require.resolve('class-validator', { paths: [ROOT] }));
  class EchoArgs {}
  __decorate([IsString(), __metadata('design:type', String)], EchoArgs.prototype, 'text');
  class EchoServer {
    echo(args) {
      return args.text;
    }
  }
  __decorate(
    [
      Tool({ description: 'Echoes its text' }),
      __metadata('design:type', Function),
      __metadata('design:paramtypes', [EchoArgs]),
    ],
    EchoServer.prototype,
    'echo',
    Object.getOwnPropertyDescriptor(EchoServer.prototype, 'echo'),
  );
  McpServer({ name, version: '1.0.0' })(EchoServer);
  return EchoServer;
}

/** CPU microseconds per tools/call of `echo` over `calls` calls of an in-memory client, answers checked. */
async function cpuPerCall(client, calls) {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const result = await client.callTool('echo', { text: 'hello' });
    if (result.content[0].text !== 'hello') throw new Error(`wrong answer: ${JSON.stringify(result)}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

/**
 * tools/call over streamable HTTP (stateful, JSON responses) against one `servers/armature.js` per
 * form (`forms`: name -> extra environment), each loaded alone with wrk at every concurrency, forms
 * alternating run by run. Returns results[c][form] = { rps, p50_us, p99_us, cpu_us, runs }.
 */
async function wrkAlternating({ forms, basePort, concurrency, runs, durationS, clientCpu, log }) {
  const names = Object.keys(forms);
  const served = {};
  try {
    for (const [index, name] of names.entries()) {
      const port = basePort + Math.floor(Math.random() * 200) * names.length + index;
      const server = await startServer(path.join(__dirname, '..', 'servers/armature.js'), {
        MODE: 'stateful-json',
        PORT: String(port),
        TOOLS: '1',
        ...forms[name],
      });
      served[name] = { server, port };
      const setup = await C.setupHttp(port, '/mcp', 'session');
      await C.checkEchoHttp(port, '/mcp', 'session', setup);
      served[name].spec = { ...bodyParts('session', 'tools/call'), headers: setup.headers('tools/call') };
      served[name].setup = setup;
    }
    const results = {};
    for (const c of concurrency) {
      const measured = Object.fromEntries(names.map((name) => [name, []]));
      for (const name of names) await runWrk(served[name].port, c, 1, served[name].spec, clientCpu); // warm-up
      for (let run = 0; run < runs; run++) {
        const order = names.map((_, i) => names[(i + run) % names.length]);
        for (const name of order) {
          const { server, port, spec } = served[name];
          const before = cpuUs(server.pid);
          const r = await runWrk(port, c, durationS, spec, clientCpu);
          r.cpu_us = (cpuUs(server.pid) - before) / r.requests;
          if (r.errors) throw new Error(`${name} c=${c}: ${r.errors} errors`);
          measured[name].push(r);
        }
      }
      results[c] = Object.fromEntries(
        names.map((name) => {
          const rs = measured[name];
          return [
            name,
            {
              rps: median(rs.map((r) => r.rps)),
              p50_us: median(rs.map((r) => r.p50_us)),
              p99_us: median(rs.map((r) => r.p99_us)),
              cpu_us: median(rs.map((r) => r.cpu_us)),
              runs: rs.map((r) => Math.round(r.rps)),
            },
          ];
        }),
      );
      const line = names.map((name) => {
        const r = results[c][name];
        return `${name} ${Math.round(r.rps)} req/s (${r.runs.join(', ')}), ${r.cpu_us.toFixed(1)} CPU µs/req`;
      });
      log(`HTTP c=${c}: ${line.join('; ')}`);
    }
    for (const name of names) await C.checkEchoHttp(served[name].port, '/mcp', 'session', served[name].setup);
    return results;
  } finally {
    for (const { server } of Object.values(served)) await stopServer(server);
  }
}

/**
 * CPU µs and V8 heap bytes allocated per call while `run` makes `calls` calls: what the heap grew by
 * plus what every collection meanwhile freed (V8's GC profiler). CPU rather than wall time, because on
 * a shared machine wall time mostly measures the neighbours.
 */
async function perCallCost(calls, run) {
  globalThis.gc?.();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const gc of statistics)
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return { cpuUs: (cpu.user + cpu.system) / calls, bytes: (heapAfter - heapBefore + freed) / calls };
}

module.exports = { ROOT, median, pct, cpuUs, cpuTimesUs, echoServer, cpuPerCall, wrkAlternating, perCallCost };
