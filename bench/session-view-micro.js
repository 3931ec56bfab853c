// What serving a stored session adds to one session-era request with the in-memory default: the
// session store's read (which slides the TTL and copies the record out, as a shared store would)
// and refreshing the instance's view from it, as SessionTable.open does before every request.
// CPU microseconds per request, median of RUNS batches. With Redis state the read is one round
// trip instead (one EVALSHA), measured by the Redis rows of the full bench.
//
//   node bench/session-view-micro.js   (after `npm run build`)   RUNS=7 CALLS=200000
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const { MemorySessionStore } = require(path.join(dist, 'state', 'memory', 'memory-session-store.js'));
const { SessionState } = require(path.join(dist, 'protocol', 'session', 'session-state.js'));

const RUNS = Number(process.env.RUNS || 7);
const CALLS = Number(process.env.CALLS || 200_000);

async function main() {
  const store = new MemorySessionStore();
  const stored = { store, ttlMs: 30 * 60_000 };
  const id = 'a5f4c7e2-8d1b-4c3a-9e0f-1a2b3c4d5e6f';
  await store.create({
    id,
    protocolVersion: '2025-11-25',
    clientInfo: { name: 'claude-code', version: '2.0.0' },
    clientCapabilities: { roots: { listChanged: true }, elicitation: { form: {}, url: {} }, sampling: {} },
    initialized: true,
    logLevel: 'info',
    subscriptions: ['file:///project/README.md'],
    elicitations: [],
    ttlMs: stored.ttlMs,
  });
  const view = SessionState.fromRecord(await store.get(id), stored);
  const perRequest = [];
  for (let run = 0; run <= RUNS; run++) {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) view.adopt(await store.get(id));
    const used = process.cpuUsage(before);
    if (run > 0) perRequest.push((used.user + used.system) / CALLS); // the first run warms up
  }
  perRequest.sort((a, b) => a - b);
  const median = perRequest[Math.floor(perRequest.length / 2)];
  console.log(
    `stored session read + view refresh, in memory: ${median.toFixed(3)} CPU µs per request (median of ${RUNS} × ${CALLS.toLocaleString('en-US')}; runs ${perRequest.map((x) => x.toFixed(3)).join(', ')})`,
  );
}

void main();
