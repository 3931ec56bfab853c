// The physical limit, part 2: a bare Koa 3 app (the framework Armature's HTTP transports sit on),
// same parsing and the same answer bytes as bare-http.js. No router, no body-parser package.
//
// The floors of rows whose bytes differ from echo's, so a ratio can say what is protocol and what is
// Armature: FLOOR=modern answers a 2026-07-28 request as the spec shapes it (the Mcp-Method and Mcp-Name
// headers must match the body, the result carries resultType and the server's info); FLOOR=realistic
// answers the realistic tool's call (its larger arguments read and parsed, nothing validated).
// CLASS_VALIDATOR=1 loads class-validator first, as any server whose inputs are DTOs does: the
// start-up floor of a class-validator server.
const path = require('node:path');
if (process.env.CLASS_VALIDATOR === '1')
  require(require.resolve('class-validator', { paths: [path.join(__dirname, '../..')] }));
const Koa = require('koa');
const { PORT, HOST, TOOLS, FILLERS, filler, ready } = require('./common');

// The schema Armature generates for { text: string }, so list replies are the same size.
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
  additionalProperties: false,
};
const tools = [{ name: 'echo', description: 'Echoes its text', inputSchema: schema }];
for (let i = 0; i < FILLERS; i++) tools.push({ ...filler(i), inputSchema: schema });
const listJson = JSON.stringify({ tools });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const SPEC = 'io.modelcontextprotocol';
const SERVER_INFO = { name: 'bench-koa', version: '1.0.0' };

/** The tools/call result of the row's bytes: echo's text, or the realistic tool's title. */
const answers = {
  echo: (msg) => ({ content: [{ type: 'text', text: msg.params?.arguments?.text ?? '' }] }),
  realistic: (msg) => ({ content: [{ type: 'text', text: msg.params?.arguments?.title ?? '' }] }),
  modern: (msg, ctx) => {
    const version = '2026-07-28';
    if (ctx.get('mcp-protocol-version') !== version || msg.params?._meta?.[`${SPEC}/protocolVersion`] !== version)
      ctx.throw(400);
    if (ctx.get('mcp-method') !== msg.method || ctx.get('mcp-name') !== msg.params?.name) ctx.throw(400);
    return {
      content: [{ type: 'text', text: msg.params?.arguments?.text ?? '' }],
      resultType: 'complete',
      _meta: { [`${SPEC}/serverInfo`]: SERVER_INFO },
    };
  },
};
const answer = answers[process.env.FLOOR || 'echo'];
if (!answer) throw new Error(`FLOOR must be one of ${Object.keys(answers).join(', ')}`);

const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method !== 'POST' || ctx.path !== '/mcp') ctx.throw(404);
  let msg;
  try {
    msg = JSON.parse(await readBody(ctx.req));
  } catch {
    ctx.throw(400);
  }
  ctx.type = 'application/json';
  ctx.body =
    msg.method === 'tools/list'
      ? `{"jsonrpc":"2.0","id":${JSON.stringify(msg.id)},"result":${listJson}}`
      : JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: answer(msg, ctx) });
});
app.listen(PORT, HOST, () => ready(`tools=${TOOLS}`));
