import 'reflect-metadata';
import { Logger } from 'armature-mcp';
import { createHelpdesk } from './helpdesk-app';

const logger = new Logger('helpdesk');

/**
 * The helpdesk's own server: Koa listens, Armature is one middleware in it. On SIGTERM, MCP
 * drains first (its sessions and streams end, in-flight calls are answered), then the server closes.
 * PORT (default 3000) and ARMATURE_TRANSPORT=sse pick the port and the MCP transport.
 */
async function main() {
  const { koa, mcp } = await createHelpdesk();
  const port = Number(process.env.PORT ?? 3000);
  const server = koa.listen(port, '127.0.0.1', () => {
    const { port: bound } = server.address() as { port: number };
    logger.info('helpdesk on http://127.0.0.1:%d (MCP at /api/mcp; send X-Api-Key: alice-key)', bound);
  });
  process.once('SIGTERM', async () => {
    await mcp.close(10_000);
    server.close();
  });
}

void main();
