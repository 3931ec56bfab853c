import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { ScalingServer } from './scaling.server';

/**
 * One instance of the scaling fixture as a process of its own, configured from the environment
 * like a deployed instance (ARMATURE_REDIS_URL, ARMATURE_STATE_KEY, ARMATURE_REDIS_PREFIX, the
 * transport, host and port), so a test can kill it with SIGKILL.
 */
async function main() {
  const app = await McpApplication.create(ScalingServer);
  await app.listen();
}

void main();
