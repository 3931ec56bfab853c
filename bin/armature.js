#!/usr/bin/env node

// The `armature` command. A built package runs dist/cli/main.js; a source checkout without a build
// runs src/cli/main.ts through the bundled TypeScript loader (swc, decorator metadata kept, cached).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// First, so that everything below is compiled once and read from the cache on later starts.
require('../loader/compile-cache.cjs').enableCompileCache();

const built = join(__dirname, '..', 'dist', 'cli', 'main.js');
let cli;
if (existsSync(built)) {
  cli = require(built);
} else {
  require('../loader/install-hooks.cjs').installHooks({ esm: false });
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
