// `bash bench/run.sh profile`: runs one Armature row under `node --cpu-prof` while wrk drives
// tools/call at c=64 for PROFILE_SECONDS (default 10), then prints the top frames by self time and
// the top functions by inclusive time. PROFILE_MODE picks the row (default stateful-json; also
// stateful-sse, stateless, modern, sse is not supported here). The .cpuprofile stays in
// bench/profiles/ (open it in Chrome DevTools or speedscope).
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, stopServer } = require('./proc');
const C = require('./clients');

const HERE = path.join(__dirname, '..');
const MODE = process.env.PROFILE_MODE || 'stateful-json';
const KIND = { 'stateful-json': 'session', 'stateful-sse': 'session', stateless: 'stateless', modern: 'modern' }[MODE];
const SECONDS = Number(process.env.PROFILE_SECONDS || 10);
const DIR = path.join(HERE, 'profiles');
const TOP = Number(process.env.TOP || 30);
const METHOD = process.env.PROFILE_METHOD || 'tools/call'; // or tools/list (with PROFILE_TOOLS tools, one page)
const TOOLS = process.env.PROFILE_TOOLS || (METHOD === 'tools/list' ? '1000' : '1');

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  const before = new Set(fs.readdirSync(DIR));
  const port = 3990;
  const server = await startServer(
    path.join(HERE, 'servers/armature.js'),
    { MODE, PORT: String(port), TOOLS, PAGE_SIZE: TOOLS, ARMATURE_FROM: process.env.ARMATURE_FROM || 'dist' },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${DIR}`, '--cpu-prof-interval=250'] },
  );
  const setup = await C.setupHttp(port, '/mcp', KIND);
  await C.checkEchoHttp(port, '/mcp', KIND, setup);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 123456789,
    method: METHOD,
    params: METHOD === 'tools/call' ? C.callParams(KIND) : C.params(KIND, {}),
  });
  const [prefix, suffix] = body.split('123456789');
  const headers = setup.headers(METHOD);
  const out = await new Promise((resolve) => {
    const child = spawn(
      'taskset',
      [
        '-c',
        process.env.CLIENT_CPU ?? '1',
        'wrk',
        '-t1',
        `-c${process.env.PROFILE_CONNECTIONS || 64}`,
        `-d${SECONDS}s`,
        '-s',
        path.join(__dirname, 'call.lua'),
        `http://127.0.0.1:${port}/mcp`,
      ],
      {
        env: {
          ...process.env,
          BENCH_PREFIX: prefix,
          BENCH_SUFFIX: suffix,
          BENCH_HEADERS: Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => resolve(err));
  });
  console.log(
    `Armature ${MODE} ${METHOD} (${TOOLS} tools) under wrk c=${process.env.PROFILE_CONNECTIONS || 64} for ${SECONDS} s: ${/BENCH_JSON (.*)/.exec(out)?.[1]}`,
  );
  await stopServer(server, 10_000);
  const file = fs.readdirSync(DIR).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) throw new Error('no .cpuprofile written (did the server exit cleanly on SIGTERM?)');
  console.log(`profile: bench/profiles/${file}\n`);
  summarise(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
}

function frameName(node) {
  const f = node.callFrame;
  const url = f.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/work\/main\//, '');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
}

function summarise(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0));
  }
  const total = [...dt.values()].reduce((a, b) => a + b, 0);
  const self = new Map();
  const incl = new Map();
  const byFile = new Map();
  for (const [id, t] of dt) {
    const name = frameName(nodes.get(id));
    self.set(name, (self.get(name) || 0) + t);
    const file = categorise(nodes.get(id));
    byFile.set(file, (byFile.get(file) || 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = frameName(nodes.get(cur));
      if (seen.has(nm)) continue;
      seen.add(nm);
      incl.set(nm, (incl.get(nm) || 0) + t);
    }
  }
  const pct = (t) => `${((100 * t) / total).toFixed(1)}%`.padStart(6);
  console.log(`Self time by area (${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(t)}  ${k}`);
  console.log(`\nTop ${TOP} frames by self time`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(t)}  ${k}`);
  console.log(`\nTop ${TOP} Armature functions by inclusive time`);
  for (const [k, t] of [...incl]
    .filter(([k]) => /dist\/|src\//.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP))
    console.log(`  ${pct(t)}  ${k}`);
}

function categorise(node) {
  const url = node.callFrame.url;
  const fn = node.callFrame.functionName;
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm: ${m[1]}`;
  const a = /\/(?:dist|src)\/(.*)$/.exec(url);
  return a ? `armature: ${a[1].replace(/\.(js|ts)$/, '')}` : url;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
