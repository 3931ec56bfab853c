// The physical limit, part 1: bare node:http. Parses the JSON-RPC POST and answers the same bytes an
// MCP server would for echo (tools/call) or a fixed list of TOOLS tools (tools/list, prebuilt once).
const http = require('node:http');
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

function answer(msg) {
  if (msg.method === 'tools/list') return `{"jsonrpc":"2.0","id":${JSON.stringify(msg.id)},"result":${listJson}}`;
  const text = msg.params?.arguments?.text ?? '';
  return JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text }] } });
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let msg;
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const body = answer(msg);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  })
  .listen(PORT, HOST, () => ready(`tools=${TOOLS}`));
