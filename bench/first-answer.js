// Time to first answer: what a client that spawns a server over stdio waits, from spawn to the
// answer of its `initialize`. Compares a bare Node process (the floor), `armature start` of a
// freshly scaffolded project (`armature new`, its dependencies linked from this checkout, Armature
// as built in dist/) and of a repository example, each with an empty compile cache (the first start
// after an install or an edit of every file) and with a warm one (every later start). Runs with
// node and the repository only; run `npm run build` first, as users run the built package.
//
//   node bench/first-answer.js            RUNS=7 PROJECT=conformance
//   BEFORE=/path/to/package node bench/first-answer.js   also the scaffolded project on another
//       build of Armature (a folder with its package.json, bin, loader, dist and node_modules), in the
//       same run: before/after comparisons on a machine whose load changes by the minute
const { execFileSync, spawn } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'armature.js');
const RUNS = Number(process.env.RUNS ?? 7);
const PROJECT = process.env.PROJECT ?? 'conformance';
const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'first-answer', version: '1' } },
})}\n`;

/** Milliseconds from spawn to the first line on stdout, after writing `initialize`. */
function firstAnswer(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: '/', env: { ...process.env, ...env }, stdio: 'pipe' });
    child.stdin.write(INITIALIZE);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill('SIGKILL');
      if (!line.includes('"result"')) reject(new Error(`unexpected answer: ${line}`));
      else resolve(elapsed);
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

async function measure(name, args, envFor) {
  const times = [];
  for (let run = 0; run < RUNS; run++) times.push(await firstAnswer(args, envFor(run)));
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

async function main() {
  const quiet = { ARMATURE_LOG_LEVEL: 'warn' };
  const temporary = [];
  const cache = () => {
    const dir = mkdtempSync(join(tmpdir(), 'armature-cache-'));
    temporary.push(dir);
    return dir;
  };
  const fresh = scaffoldProject();
  temporary.push(fresh.work);
  const rowsFor = async (name, args) => {
    const warm = cache();
    await firstAnswer(args, { ...quiet, ARMATURE_CACHE_DIR: warm }); // fills the warm cache
    return [
      await measure(`${name}, cold cache`, args, () => ({ ...quiet, ARMATURE_CACHE_DIR: cache() })),
      await measure(`${name}, warm cache`, args, () => ({ ...quiet, ARMATURE_CACHE_DIR: warm })),
    ];
  };
  const before = process.env.BEFORE ? scaffoldProject(process.env.BEFORE) : undefined;
  if (before) temporary.push(before.work);
  const rows = [
    await measure('bare node (answers one line)', BARE, () => ({})),
    ...(before
      ? await rowsFor(`a project made by \`armature new\`, Armature from ${process.env.BEFORE}`, before.args)
      : []),
    ...(await rowsFor('armature start of a project made by `armature new`', fresh.args)),
    ...(await rowsFor(`armature start ${PROJECT} (repository example)`, START)),
  ];
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  const ms = (value) => `${value.toFixed(0)} ms`;
  const os = require('node:os');
  console.log(
    `Time to first answer over stdio (initialize), ${RUNS} runs each, Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`,
  );
  console.log('| server | median | min | max |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.name} | ${ms(row.median)} | ${ms(row.min)} | ${ms(row.max)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
