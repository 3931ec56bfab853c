// The telemetry code of one request alone, with no SDK registered: startRequest (span, attributes,
// trace context from HTTP headers), run, end (histogram, counters), as the request seam calls them
// for a tools/call over streamable HTTP. CPU microseconds per request, median of RUNS batches.
//
//   node bench/telemetry-micro.js      (after `npm run build`)   RUNS=7 CALLS=500000
const path = require('node:path');
const { McpTelemetry } = require(path.join(__dirname, '..', 'dist', 'telemetry', 'index.js'));

const RUNS = Number(process.env.RUNS || 7);
const CALLS = Number(process.env.CALLS || 500_000);
const telemetry = new McpTelemetry();
const params = { name: 'echo', arguments: { text: 'hello' } };
const transport = {
  network: 'tcp',
  httpVersion: '1.1',
  clientAddress: '127.0.0.1',
  clientPort: 50_000,
  headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' },
};
const perRequest = [];
for (let run = 0; run <= RUNS; run++) {
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const operation = telemetry.startRequest({
      method: 'tools/call',
      id: i,
      params,
      sessionId: 'a5f4c7e2-8d1b-4c3a-9e0f-1a2b3c4d5e6f',
      protocolVersion: '2025-06-18',
      transport,
    });
    operation.run(() => undefined);
    operation.end({ kind: 'ok' });
  }
  const used = process.cpuUsage(before);
  if (run > 0) perRequest.push((used.user + used.system) / CALLS); // the first run warms up
}
perRequest.sort((a, b) => a - b);
const median = perRequest[Math.floor(perRequest.length / 2)];
console.log(
  `telemetry of one request, no SDK: ${median.toFixed(3)} CPU µs (median of ${RUNS} × ${CALLS.toLocaleString('en-US')}; runs ${perRequest.map((x) => x.toFixed(3)).join(', ')})`,
);
