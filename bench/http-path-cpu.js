// Server CPU µs per tools/call over streamable HTTP (stateful, JSON answers) at c=16, for bare Koa
// (bench/servers/bare-koa.js, the floor) and Armature of this checkout, optionally beside other
// builds of Armature, run by run in turn so a loaded machine's drift falls on all of them alike. CPU
// comes from /proc/<pid>/stat (user + system), so the wall clock does not enter. `npm run build` first.
//   node bench/http-path-cpu.js [otherRoot...]      RUNS=8 CALLS=8000 CONC=16 MODES=stateful-json
// MODES (comma-separated: stateful-json, stateless, modern, realistic) picks the Armature rows; each build
// runs each. The rows whose bytes are not echo's also run bare Koa answering the same bytes
// (servers/bare-koa.js FLOOR=modern|realistic) and are compared with it as well.
// Each `otherRoot` holds another build laid out like this repository (dist/, loader/, bench/servers,
// bench/lib, node_modules), e.g. a copy made before a change; it is named by its directory.
const path = require('node:path');
const C = require('./lib/clients');
const { startServer, stopServer } = require('./lib/proc');
const { cpuUs, median } = require('./lib/ab-cost');

const RUNS = Number(process.env.RUNS || 8);
const CALLS = Number(process.env.CALLS || 8000);
const CONC = Number(process.env.CONC || 16);

const MODES = (process.env.MODES || 'stateful-json').split(',');
/** Each mode's server env, request kind (clients.js), tool, and the Koa floor of its bytes. */
const SPECS = {
  'stateful-json': { env: { MODE: 'stateful-json' }, kind: 'session' },
  stateless: { env: { MODE: 'stateless' }, kind: 'stateless' },
  modern: { env: { MODE: 'modern' }, kind: 'modern', floor: 'koa:modern' },
  realistic: {
    env: { MODE: 'stateful-json', REALISTIC: '1', DTOS: '500' },
    kind: 'session',
    tool: 'plan_trip',
    floor: 'koa:realistic',
  },
};
const KOA = path.join(__dirname, 'servers/bare-koa.js');
const FLOORS = {
  'koa:modern': { file: KOA, env: { FLOOR: 'modern' }, kind: 'modern' },
  'koa:realistic': { file: KOA, env: { FLOOR: 'realistic' }, kind: 'plain', tool: 'plan_trip' },
};
const builds = { new: path.join(__dirname, 'servers/armature.js') };
for (const root of process.argv.slice(2)) {
  builds[path.basename(path.resolve(root))] = path.join(path.resolve(root), 'bench/servers/armature.js');
}
// Each form is named by build alone when one mode runs, else build:mode.
const forms = { koa: { file: KOA, env: { FLOOR: 'echo' }, kind: 'plain' } };
for (const mode of MODES) {
  if (!SPECS[mode]) throw new Error(`unknown mode ${mode}: one of ${Object.keys(SPECS).join(', ')}`);
  if (SPECS[mode].floor) forms[SPECS[mode].floor] = FLOORS[SPECS[mode].floor];
}
for (const [name, file] of Object.entries(builds)) {
  for (const mode of MODES) forms[MODES.length > 1 ? `${name}:${mode}` : name] = { file, ...SPECS[mode] };
}

async function batch(calls, send) {
  let next = 0;
  const worker = async () => {
    while (next < calls) await send(next++);
  };
  await Promise.all(Array.from({ length: CONC }, worker));
}

async function open({ file, env, kind, tool }, port) {
  const server = await startServer(file, { ...env, PORT: String(port) });
  const setup = await C.setupHttp(port, '/mcp', kind, tool);
  const headers = setup.headers('tools/call');
  const send = async (i) => {
    const body = { jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: C.callParams(kind, tool) };
    C.assertEcho(C.responseFor(await C.post(port, '/mcp', body, headers), i + 1));
  };
  return { server, send };
}

async function main() {
  let port = 3900 + Math.floor(Math.random() * 90);
  const servers = {};
  const us = Object.fromEntries(Object.keys(forms).map((f) => [f, []]));
  try {
    for (const [form, spec] of Object.entries(forms)) {
      servers[form] = await open(spec, port++);
      await batch(3000, servers[form].send); // warm-up (JIT)
    }
    for (let run = 0; run < RUNS; run++) {
      for (const form of Object.keys(forms)) {
        const { server, send } = servers[form];
        const before = cpuUs(server.pid);
        await batch(CALLS, send);
        us[form].push((cpuUs(server.pid) - before) / CALLS);
      }
    }
  } finally {
    for (const s of Object.values(servers)) await stopServer(s.server);
  }
  const koa = median(us.koa);
  const vs = (form, ref) => median(us[form].map((x, i) => us[ref][i] / x)).toFixed(2);
  for (const [form, xs] of Object.entries(us)) {
    const floor = forms[form].floor;
    console.log(
      `${form}: server CPU µs/call median ${median(xs).toFixed(1)} [${xs.map((x) => x.toFixed(0)).join(' ')}]` +
        (form === 'koa' ? '' : `, bare Koa's CPU per call / this one's: median ${vs(form, 'koa')}x`) +
        (floor ? `, against its bytes on bare Koa (${floor}): ${vs(form, floor)}x` : ''),
    );
  }
  console.log(`(bare Koa median ${koa.toFixed(1)} µs/call)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
