#!/usr/bin/env node

// The `armature` command. A built package runs dist/cli/main.js; a source checkout without a build
// runs src/cli/main.ts through @swc-node/register (which keeps decorator metadata, unlike tsx).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'cli', 'main.js');
let cli;
if (existsSync(built)) {
  cli = require(built);
} else {
  const tsconfig = join(__dirname, '..', 'tsconfig.json');
  if (!process.env.SWC_NODE_PROJECT && existsSync(tsconfig)) process.env.SWC_NODE_PROJECT = tsconfig;
  try {
    require('@swc-node/register');
  } catch (error) {
    process.stderr.write(
      `armature: dist/cli/main.js is missing (run "npm run build") and @swc-node/register cannot run the sources: ${error.message}\n`,
    );
    process.exit(1);
  }
  globalThis[Symbol.for('armature.swc-node-registered')] = true;
  cli = require(join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

cli.runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`armature: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
