// fastmcp 4.20.16, httpStream transport. MODE=stateless | stateful (sessions, its default).
import { FastMCP } from 'fastmcp';
import { z } from 'zod';
import common from './common.js';

const { PORT, HOST, FILLERS, filler, ready } = common;
const t0 = process.hrtime.bigint();
const server = new FastMCP({ name: 'bench-fastmcp', version: '1.0.0' });
const parameters = z.object({ text: z.string() });
server.addTool({ name: 'echo', description: 'Echoes its text', parameters, execute: async ({ text }) => text });
for (let i = 0; i < FILLERS; i++) {
  server.addTool({ ...filler(i), parameters, execute: async ({ text }) => text });
}
await server.start({
  transportType: 'httpStream',
  httpStream: {
    port: PORT,
    host: HOST,
    endpoint: '/mcp',
    stateless: process.env.MODE === 'stateless',
    enableJsonResponse: true,
  },
});
ready(`startup_ms=${Number(process.hrtime.bigint() - t0) / 1e6}`);
