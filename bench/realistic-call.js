// What the realistic tool's tools/call costs in process, against the plain echo tool of the same server:
// CPU microseconds and V8 heap bytes allocated per call, through the engine with the in-memory TestClient
// (no I/O), session era. The tools are those of servers/armature.js with REALISTIC=1 (`plan_trip`, the
// eight-field TripArgs with an array of nested Stop DTOs, called with clients.js's TRIP arguments).
// In a server with no other DTO class and in a second one that declares 500 more (each the input of a
// tool, as DTOS=500 does), both in this process. Batches of every tool of both servers alternate, so
// neither server is measured colder than the other; the medians are printed.
//
//   node --expose-gc bench/realistic-call.js        (after `npm run build`)
//   RUNS=5 CALLS=10000 DIST=dist PROFILE=1 (only plan_trip calls, for node --cpu-prof)
const path = require('node:path');
const { ROOT, median, perCallCost } = require('./lib/ab-cost');
const TRIP = require('./lib/clients').callParams('session', 'plan_trip').arguments;
const { __decorate, __metadata } = require('./lib/tsc-decorate');
const { benchDtos } = require('./lib/realistic-dtos');

const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const CALLS = Number(process.env.CALLS || 10_000);
const DIST = path.resolve(ROOT, process.env.DIST || 'dist');
const log = (...a) => console.error(`[realistic-call ${new Date().toISOString().slice(11, 19)}]`, ...a);

const armature = require(path.join(DIST, 'index.js'));
const { TestClient } = require(path.join(DIST, 'testing/index.js'));
const cv = require(require.resolve('class-validator', { paths: [ROOT] }));

/** servers/armature.js's echo and plan_trip tools, plus `others` DTO classes each the input of one tool. */
function server(name, others) {
  const { McpServer, McpRegistry, Tool, Field } = armature;
  const { EchoArgs, TripArgs, otherDto } = benchDtos(Field, cv);
  class Server {
    constructor(registry) {
      for (let i = 0; i < others; i++) {
        registry.addTool({
          name: `dto_filler_${i}`,
          description: `Tool ${i}`,
          input: otherDto(i),
          handler: () => 'ok',
        });
      }
      registry.addTool({
        name: 'plan_trip',
        description: 'Plans a trip',
        input: TripArgs,
        handler: (args) => args.title,
      });
    }
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
    Server.prototype,
    'echo',
    Object.getOwnPropertyDescriptor(Server.prototype, 'echo'),
  );
  Reflect.defineMetadata('design:paramtypes', [McpRegistry], Server);
  McpServer({ name, version: '1.0.0' })(Server);
  return Server;
}

const CALL = {
  echo: { name: 'echo', args: { text: TRIP.title }, expect: TRIP.title },
  plan_trip: { name: 'plan_trip', args: TRIP, expect: TRIP.title },
};

function measure(client, which, calls) {
  const { name, args, expect } = CALL[which];
  return perCallCost(calls, async () => {
    for (let i = 0; i < calls; i++) {
      const result = await client.callTool(name, args);
      if (result.content[0].text !== expect) throw new Error(`wrong answer: ${JSON.stringify(result)}`);
    }
  });
}

async function connect(others) {
  const app = await armature.McpApplication.create(server(`realistic-${others}`, others), {
    logger: new armature.Logger('armature', 'error'),
  });
  return { app, client: await TestClient.connect(app, { era: 'session' }) };
}

/** Both servers' rows: every tool of every server warmed, then batches alternating over all of them. */
async function rows(servers) {
  const tools = Object.keys(CALL);
  const cells = servers.flatMap(({ label, client }) => tools.map((tool) => ({ label, client, tool, runs: [] })));
  for (const cell of cells) await measure(cell.client, cell.tool, CALLS); // warm-up
  for (let run = 0; run < RUNS * 2; run++) {
    const order = run % 2 ? [...cells].reverse() : cells;
    for (const cell of order) cell.runs.push(await measure(cell.client, cell.tool, CALLS));
  }
  return cells.map(({ label, tool, runs }) => {
    const cpu = median(runs.map((m) => m.cpuUs));
    const bytes = median(runs.map((m) => m.bytes));
    return `| ${label} | ${tool} | ${cpu.toFixed(2)} | ${Math.round(bytes).toLocaleString('en-US')} |`;
  });
}

async function main() {
  if (!globalThis.gc) log('run with --expose-gc for a clean heap before each batch');
  if (process.env.PROFILE) {
    const { app, client } = await connect(Number(process.env.DTOS || 0));
    for (let i = 0; i < 5; i++) log(await measure(client, 'plan_trip', CALLS));
    await app.close();
    return;
  }
  const alone = await connect(0);
  const crowded = await connect(500);
  const out = await rows([
    { label: 'no other DTO class', client: alone.client },
    { label: '500 other DTO classes', client: crowded.client },
  ]);
  await alone.app.close();
  await crowded.app.close();
  const os = require('node:os');
  console.log(
    [
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; ${DIST}`,
      '',
      `| process (${RUNS * 2} alternating batches of ${CALLS.toLocaleString('en-US')} calls, median) | tool | CPU µs/call | bytes allocated/call |`,
      '|---|---|---:|---:|',
      ...out,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
