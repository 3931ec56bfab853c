import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { StatusServer } from './status.server';

/**
 * The production entry, compiled to dist/main.js. Everything about where it listens comes from
 * nest-cli-like.config.json beside it and the environment (ARMATURE_HOST=0.0.0.0 in the image,
 * PORT, PUBLIC_HOST, PUBLIC_ORIGIN): the same build runs on a laptop, in a container and behind a
 * proxy. SIGTERM drains in-flight requests (shutdownTimeoutMs) and exits 0.
 */
async function main() {
  const app = await McpApplication.create(StatusServer);
  await app.listen();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
