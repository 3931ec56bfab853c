// The physical limit, part 2: a bare Koa 3 app (the framework Armature's HTTP transports sit on),
// same parsing and the same answer bytes as bare-http.js. No router, no body-parser package.
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
      : JSON.stringify({
          jsonrpc: '2.0',
          id: msg.id,
          result: { content: [{ type: 'text', text: msg.params?.arguments?.text ?? '' }] },
        });
});
app.listen(PORT, HOST, () => ready(`tools=${TOOLS}`));
