// What serving a stored session adds to one session-era request of streamable HTTP: the step that
// finds the instance's view of the session for the request (SessionTable.open), alone, with the
// in-memory default (STATE=memory) or Redis (STATE=redis). Since views serve from themselves between
// reads, that step reads the session store only once per refresh interval (sessionRefreshMs; a
// tenth of the session TTL, at most 30 s); before, it read the store (sliding the TTL: one EVALSHA
// on Redis) and refreshed the view on every request. CPU microseconds per request, median of RUNS
// batches; with Redis, also the round trips to Redis per request.
//
//   node bench/session-view-micro.js   (after `npm run build`)   RUNS=7 CALLS=200000 STATE=memory
//   STATE=redis ARMATURE_REDIS_URL=redis://127.0.0.1:6379 (CALLS defaults to 20000 there)
const path = require('node:path');
const { randomBytes, randomUUID } = require('node:crypto');
const dist = path.join(__dirname, '..', 'dist');
const { McpApplication, McpServer, Logger } = require(path.join(dist, 'index.js'));
const { SessionTable } = require(path.join(dist, 'transports', 'http', 'streamable', 'session-table.js'));
const { MemoryEventStore } = require(path.join(dist, 'state', 'memory', 'memory-event-store.js'));

const STATE = process.env.STATE || 'memory';
const RUNS = Number(process.env.RUNS || 7);
const CALLS = Number(process.env.CALLS || (STATE === 'redis' ? 20_000 : 200_000));
const REDIS_URL = process.env.ARMATURE_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `armature-bench:${randomUUID()}:`;
const TTL_MS = 30 * 60_000;

class MicroServer {}
McpServer({ name: 'session-view-micro', version: '1.0.0' })(MicroServer);

async function main() {
  const app = await McpApplication.create(MicroServer, {
    logger: new Logger('bench', 'warn'),
    ...(STATE === 'redis'
      ? { state: { type: 'redis', url: REDIS_URL, prefix: PREFIX }, stateKey: randomBytes(32).toString('base64url') }
      : {}),
  });
  const table = new SessionTable(app.engine, new MemoryEventStore(), TTL_MS);
  const id = randomUUID();
  await app.engine.sessions.create({
    id,
    protocolVersion: '2025-11-25',
    clientInfo: { name: 'claude-code', version: '2.0.0' },
    clientCapabilities: { roots: { listChanged: true }, elicitation: { form: {}, url: {} }, sampling: {} },
    initialized: true,
    logLevel: 'info',
    subscriptions: ['file:///project/README.md'],
    elicitations: [],
    ttlMs: TTL_MS,
  });
  const perRequest = [];
  for (let run = 0; run <= RUNS; run++) {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) if (!(await table.open(id, undefined))) throw new Error('the session is gone');
    const used = process.cpuUsage(before);
    if (run > 0) perRequest.push((used.user + used.system) / CALLS); // the first run warms up
  }
  perRequest.sort((a, b) => a - b);
  const median = perRequest[Math.floor(perRequest.length / 2)];
  console.log(
    `finding the view of a stored session for a request (${STATE}): ${median.toFixed(3)} CPU µs per request (median of ${RUNS} × ${CALLS.toLocaleString('en-US')}; runs ${perRequest.map((x) => x.toFixed(3)).join(', ')})`,
  );
  table.endAll('the bench is over', { retryMs: 0 });
  await app.engine.sessions.delete(id);
  await app.close(1000);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
