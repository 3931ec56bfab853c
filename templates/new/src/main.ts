import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { GreeterServer } from './greeter.server';

// A function instead of top-level await: this project compiles to CommonJS, where await is only
// allowed inside async functions.
async function main(): Promise<void> {
  const app = await McpApplication.create(GreeterServer);
  // stdio unless nest-cli-like.config.json or `armature start --transport ...` say otherwise.
  await app.listen();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
