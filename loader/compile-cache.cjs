'use strict';
// V8's compile cache for every module a start loads (~600 for a server with class-validator DTOs),
// where Node has it (module.enableCompileCache, Node 22.1+): a later start reads compiled code
// instead of parsing and compiling again. Node 20 has no such API; there the swc cache still spares
// the TypeScript compilation.

const { join } = require('node:path');

/**
 * Turns Node's compile cache on for the modules loaded from now on, in ARMATURE_CACHE_DIR when set
 * (`off` disables it, as it does the TypeScript cache), else where NODE_COMPILE_CACHE or Node's
 * default (the system temp folder) puts it. Returns whether it is on.
 */
function enableCompileCache() {
  const { enableCompileCache: enable, constants } = require('node:module');
  if (typeof enable !== 'function') return false;
  const configured = process.env.ARMATURE_CACHE_DIR;
  if (configured === 'off') return false;
  try {
    const { status } = configured ? enable(join(configured, 'v8')) : enable();
    return status === constants.compileCacheStatus.ENABLED || status === constants.compileCacheStatus.ALREADY_ENABLED;
  } catch {
    // An unwritable folder only costs speed.
    return false;
  }
}

module.exports = { enableCompileCache };
