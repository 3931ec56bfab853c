'use strict';
// Preload it to run TypeScript entries directly:
//   node -r armature-mcp/register src/main.ts         (CommonJS projects)
//   node --import armature-mcp/register src/main.ts   (ES module projects, "type": "module", too)

require('./compile-cache.cjs').enableCompileCache();
const { installHooks } = require('./install-hooks.cjs');
const { moduleFormat } = require('./project-settings.cjs');

// Node's module hooks start a loader thread; a CommonJS entry does without it.
const entry = process.argv[1];
installHooks({ esm: !entry || moduleFormat(entry) === 'module' });
