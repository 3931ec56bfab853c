// Heap bytes allocated per tools/call over streamable HTTP, server and client in one process: the client
// is the same code for every build, so a difference between builds is the server's. 5 batches of 5,000
// calls at c=16 after 5,000 warm-up calls; median bytes, and CPU µs (server + client) per batch.
//   node --expose-gc bench/http-alloc.js ROOT      MODE=modern|stateless   (ROOT: a build laid out like this repo)
const path = require('node:path');
const ROOT = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const MODE = process.env.MODE || 'modern';
const KIND = { modern: 'modern', stateless: 'stateless' }[MODE];
process.env.PORT = String(3700 + Math.floor(Math.random() * 200));
const C = require('./lib/clients');
const { perCallCost } = require('./lib/ab-cost');
require(path.join(ROOT, 'bench/servers/armature.js'));
const port = Number(process.env.PORT);
async function waitUp() {
  for (let i = 0; i < 200; i++) {
    try {
      await C.setupHttp(port, '/mcp', KIND);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('no server');
}
(async () => {
  await waitUp();
  const setup = await C.setupHttp(port, '/mcp', KIND);
  const headers = setup.headers('tools/call');
  let id = 1;
  const CONC = 16;
  async function batch(n) {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < n) {
          next++;
          const i = id++;
          C.assertEcho(
            C.responseFor(
              await C.post(
                port,
                '/mcp',
                { jsonrpc: '2.0', id: i, method: 'tools/call', params: C.callParams(KIND) },
                headers,
              ),
              i,
            ),
          );
        }
      }),
    );
  }
  await batch(5000);
  const out = [];
  for (let r = 0; r < 5; r++) {
    const { bytes, cpuUs } = await perCallCost(5000, () => batch(5000));
    out.push([bytes, cpuUs]);
  }
  out.sort((a, b) => a[0] - b[0]);
  console.log(
    path.basename(ROOT),
    MODE,
    'bytes/call (server+client) median',
    Math.round(out[2][0]),
    'cpu µs/call (both)',
    out.map((o) => o[1].toFixed(1)).join(' '),
  );
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
