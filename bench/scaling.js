// tools/call through nginx (examples/scaling/nginx.conf, plain round-robin) to one and to three
// Armature instances, with their state in memory and on Redis, and the same instances without nginx,
// all in one run. Session era, JSON responses (the driver's reference row, `armature-stateful-json`):
// wrk opens one session through the balancer and every request carries its Mcp-Session-Id, so
// behind three instances each request is served by whichever instance nginx picks, from its own
// view of the session (read from Redis once per refresh interval).
//
//   node bench/scaling.js        (after `npm run build`; needs wrk, nginx, Redis and 2 cores)
//   RUNS=3 DURATION=5 ARMATURE_REDIS_URL=redis://127.0.0.1:6379
//
// Every instance is pinned to core 0 (so three instances share the core one instance has: these rows
// show what sharing state and balancing cost, not how much more a second machine would serve);
// nginx (one worker) and wrk run on core 1; Redis runs where the system runs it. Rows are measured
// in turn within each run, so the machine's drift spreads over all of them.
const { execSync, spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, stopServer } = require('./lib/proc');
const C = require('./lib/clients');
const { bodyParts, runWrk } = require('./lib/wrk');

const ROOT = path.join(__dirname, '..');
const RUNS = Math.max(1, Number(process.env.RUNS || 3));
const DURATION_S = Number(process.env.DURATION || 5);
const CONCURRENCY = [1, 16, 64];
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const REDIS_URL = process.env.ARMATURE_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `armature-bench:${randomUUID()}:`;
const STATE_KEY = randomBytes(32).toString('base64url');
const log = (...a) => console.error(`[scaling ${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
/** CPU time (user + system) a process has used, in microseconds; 0 once it is gone. */
function cpuUs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return 0;
  }
}
/** The pid of the system's Redis server, when it runs here (its CPU is shared with anyone using it). */
function redisPid() {
  try {
    return Number(execSync('pgrep -x redis-server', { encoding: 'utf8' }).trim().split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

let nextPort = 3400 + Math.floor(Math.random() * 500);
const started = [];

/** One bench Armature server (servers/armature.js, stateful JSON) on core 0, memory or Redis state. */
async function instance(state) {
  const port = nextPort++;
  const env = { MODE: 'stateful-json', PORT: String(port) };
  if (state === 'redis')
    Object.assign(env, { ARMATURE_REDIS_URL: REDIS_URL, ARMATURE_REDIS_PREFIX: PREFIX, ARMATURE_STATE_KEY: STATE_KEY });
  const server = await startServer(path.join(__dirname, 'servers', 'armature.js'), env);
  started.push({ stop: () => stopServer(server) });
  return { port, pid: server.pid };
}

/** nginx on core 1 with the example's config, in front of `instances`; resolves its port and worker's pid. */
async function nginx(instances) {
  const ports = instances.map((i) => i.port);
  const binary = process.env.NGINX || 'nginx';
  const port = nextPort++;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armature-bench-nginx-'));
  fs.chmodSync(dir, 0o755);
  const conf = fs
    .readFileSync(path.join(ROOT, 'examples', 'scaling', 'nginx.conf'), 'utf8')
    .replaceAll('{{UPSTREAMS}}', ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n'))
    .replaceAll('{{LISTEN}}', `127.0.0.1:${port}`)
    .replaceAll('{{DIR}}', dir);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(
    'taskset',
    ['-c', CLIENT_CPU, binary, '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  started.push({
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  let err = '';
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      err += chunk;
      if (/start worker process \d+/.test(err)) resolve();
    });
    void exited.then(() => reject(new Error(`nginx exited:\n${err}`)));
  });
  const worker = Number(/start worker process (\d+)/.exec(err)[1]);
  return { port, pids: [worker] };
}

async function main() {
  const rows = [];
  const memory = await instance('memory');
  const redis = await instance('redis');
  const three = [await instance('redis'), await instance('redis'), await instance('redis')];
  const direct = (i) => ({ port: i.port, pids: [i.pid] });
  const balanced = async (instances) => {
    const proxy = await nginx(instances);
    return { port: proxy.port, pids: [...instances.map((i) => i.pid), ...proxy.pids] };
  };
  rows.push({ id: 'direct-1-memory', what: '1 instance, memory state, no nginx', ...direct(memory) });
  rows.push({ id: 'direct-1-redis', what: '1 instance, Redis state, no nginx', ...direct(redis) });
  rows.push({ id: 'nginx-1-memory', what: 'nginx -> 1 instance, memory state', ...(await balanced([memory])) });
  rows.push({ id: 'nginx-1-redis', what: 'nginx -> 1 instance, Redis state', ...(await balanced([redis])) });
  rows.push({ id: 'nginx-3-redis', what: 'nginx -> 3 instances, Redis state', ...(await balanced(three)) });
  const redisServer = redisPid();

  for (const row of rows) {
    row.setup = await C.setupHttp(row.port, '/mcp', 'session');
    await C.checkEchoHttp(row.port, '/mcp', 'session', row.setup);
    row.body = { ...bodyParts('session', 'tools/call'), headers: row.setup.headers('tools/call') };
    row.results = Object.fromEntries(CONCURRENCY.map((c) => [c, []]));
    // Unmeasured: the first request of a session on each instance loads it from the store, and
    // nginx opens its upstream connections.
    await runWrk(row.port, 16, 2, row.body, CLIENT_CPU);
    log(`${row.id}: session ${row.setup.sessionId} answers`);
  }
  for (let run = 1; run <= RUNS; run++) {
    for (const row of rows) {
      for (const c of CONCURRENCY) {
        const cpu = () => row.pids.reduce((sum, pid) => sum + cpuUs(pid), 0);
        const [ours, theirs] = [cpu(), redisServer ? cpuUs(redisServer) : 0];
        const result = await runWrk(row.port, c, DURATION_S, row.body, CLIENT_CPU);
        result.cpuPerRequest = (cpu() - ours) / result.requests;
        result.redisPerRequest = ((redisServer ? cpuUs(redisServer) : 0) - theirs) / result.requests;
        row.results[c].push(result);
        log(
          `run ${run} ${row.id} c=${c}: ${Math.round(result.rps)} req/s, ${result.errors} errors, ` +
            `${result.cpuPerRequest.toFixed(0)} CPU µs/req (+ Redis ${result.redisPerRequest.toFixed(0)})`,
        );
      }
    }
  }
  for (const row of rows) await C.checkEchoHttp(row.port, '/mcp', 'session', row.setup);

  const cell = (runs) => {
    const rps = median(runs.map((r) => r.rps));
    const errors = runs.reduce((sum, r) => sum + r.errors, 0);
    const p50 = median(runs.map((r) => r.p50_us)) / 1000;
    const p99 = median(runs.map((r) => r.p99_us)) / 1000;
    return `${Math.round(rps).toLocaleString('en-US')} (${p50.toFixed(2)} / ${p99.toFixed(2)} ms)${errors ? `, ${errors} errors` : ''}`;
  };
  const cpuCell = (runs, key) => median(runs.map((r) => r[key])).toFixed(0);
  const at64 = (row) => median(row.results[64].map((r) => r.rps));
  const reference = at64(rows[0]);
  const lines = [
    `tools/call, session era, JSON responses; median of ${RUNS} x ${DURATION_S} s; ${os.cpus().length} cores, node ${process.version}, ${execSync('nginx -v 2>&1', { encoding: 'utf8' }).trim()}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
    '',
    '| row | what | c=1 req/s (p50 / p99) | c=16 | c=64 | c=64 vs direct-1-memory | CPU µs/req, instances + nginx (c=1 / 16 / 64) | Redis CPU µs/req (c=1 / 16 / 64) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| \`${row.id}\` | ${row.what} | ${CONCURRENCY.map((c) => cell(row.results[c])).join(' | ')} | ${(at64(row) / reference).toFixed(2)}x | ` +
        `${CONCURRENCY.map((c) => cpuCell(row.results[c], 'cpuPerRequest')).join(' / ')} | ` +
        `${CONCURRENCY.map((c) => cpuCell(row.results[c], 'redisPerRequest')).join(' / ')} |`,
    ),
  ];
  const table = lines.join('\n');
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'scaling.md'), `${table}\n`);
  console.log(table);
}

async function cleanup() {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  const { Redis } = require(require.resolve('ioredis', { paths: [ROOT] }));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

// Interrupted: stop what was started (by PID) and delete the keys before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(cleanup)
  .catch(async (error) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  });
