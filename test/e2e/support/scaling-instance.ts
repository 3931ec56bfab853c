import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { ScalingServer } from './scaling.server';

/**
 * One instance of the scaling fixture as a process of its own, configured from the environment
 * like a deployed instance (ARMATURE_REDIS_URL, ARMATURE_STATE_KEY, ARMATURE_REDIS_PREFIX, the
 * transport, host and port), so a test can kill it with SIGKILL. SCALING_PAGE_SIZE sets the page size of
 * its lists.
 */
async function main() {
  // Lists in pages this small make a client page through several instances.
  const pageSize = Number(process.env.SCALING_PAGE_SIZE) || undefined;
  const app = await McpApplication.create(ScalingServer, { pageSize });
  await app.listen();
}

void main();
