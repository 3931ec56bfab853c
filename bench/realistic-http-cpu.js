// Server CPU µs per tools/call over streamable HTTP (stateful, JSON responses) for the echo tool and the
// realistic tool (plan_trip) of one servers/armature.js with REALISTIC=1, closed-loop at CONC requests in
// flight, batches alternating. CPU is read from /proc/<pid>/stat, so the loaded machine's wall clock
// does not enter (clock-tick resolution, about 2 % of a batch). After `npm run build`:
//   node bench/realistic-http-cpu.js       RUNS=4 CALLS=8000 CONC=16 DTOS=500 (the crowded server)
//   PROF_DIR=/tmp/p TOOLS_ONLY=plan_trip   the server under --cpu-prof, one tool only
const path = require('node:path');
const { startServer, stopServer } = require('./lib/proc');
const C = require('./lib/clients');
const { cpuUs, median } = require('./lib/ab-cost');

const RUNS = Number(process.env.RUNS || 4);
const CALLS = Number(process.env.CALLS || 8000);
const CONC = Number(process.env.CONC || 16);

async function batch(port, setup, tool, calls, pid) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: C.callParams('session', tool) });
  const headers = { ...setup.headers('tools/call'), accept: 'application/json, text/event-stream' };
  const before = cpuUs(pid);
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      const reply = await C.post(port, '/mcp', body, headers);
      if (reply.status !== 200 || !reply.text.includes(`"text":"${C.TEXT}"`)) {
        throw new Error(`wrong answer: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
  return (cpuUs(pid) - before) / calls;
}

async function main() {
  const port = 3700 + Math.floor(Math.random() * 200);
  const server = await startServer(
    path.join(__dirname, 'servers/armature.js'),
    {
      MODE: 'stateful-json',
      PORT: String(port),
      REALISTIC: '1',
      DTOS: process.env.DTOS || '0',
    },
    process.env.PROF_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF_DIR}`] } : {},
  );
  try {
    const setup = await C.setupHttp(port, '/mcp', 'session');
    const tools = process.env.TOOLS_ONLY ? process.env.TOOLS_ONLY.split(',') : ['echo', 'plan_trip'];
    for (const tool of tools) await batch(port, setup, tool, CALLS / 2, server.pid);
    const m = Object.fromEntries(tools.map((t) => [t, []]));
    for (let run = 0; run < RUNS * 2; run++) {
      for (const tool of run % 2 ? [...tools].reverse() : tools)
        m[tool].push(await batch(port, setup, tool, CALLS, server.pid));
    }
    for (const tool of tools)
      console.log(
        `${tool}: server CPU µs/call median ${median(m[tool]).toFixed(1)} (${m[tool].map((x) => x.toFixed(0)).join(' ')})`,
      );
  } finally {
    await stopServer(server);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
