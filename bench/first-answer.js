// Time to first answer: what a client that spawns a server over stdio waits, from spawn to the
// answer of its `initialize`. Compares a bare Node process (the floor), `armature start` of a
// TypeScript project with an empty compile cache (the first start after an install or an edit of
// every file) and with a warm one (every later start). Runs with node and the repository only.
//
//   node bench/first-answer.js            RUNS=7 PROJECT=conformance
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
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

async function measure(name, args, envFor) {
  const times = [];
  for (let run = 0; run < RUNS; run++) times.push(await firstAnswer(args, envFor(run)));
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

async function main() {
  const quiet = { ARMATURE_LOG_LEVEL: 'warn' };
  const cold = [];
  const warm = mkdtempSync(join(tmpdir(), 'armature-warm-'));
  await firstAnswer(START, { ...quiet, ARMATURE_CACHE_DIR: warm }); // fills the warm cache
  const rows = [
    await measure('bare node (answers one line)', BARE, () => ({})),
    await measure(`armature start ${PROJECT}, cold cache`, START, () => {
      const dir = mkdtempSync(join(tmpdir(), 'armature-cold-'));
      cold.push(dir);
      return { ...quiet, ARMATURE_CACHE_DIR: dir };
    }),
    await measure(`armature start ${PROJECT}, warm cache`, START, () => ({ ...quiet, ARMATURE_CACHE_DIR: warm })),
  ];
  for (const dir of [warm, ...cold]) rmSync(dir, { recursive: true, force: true });
  const ms = (value) => `${value.toFixed(0)} ms`;
  console.log(`Time to first answer over stdio (initialize), ${RUNS} runs each, Node ${process.version}\n`);
  console.log('| server | median | min | max |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.name} | ${ms(row.median)} | ${ms(row.min)} | ${ms(row.max)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
