'use strict';
// A V8 compile cache for every module a start loads (~600 for a server with class-validator DTOs): a
// later start reads compiled code instead of parsing and compiling again. Node's own where it has one
// (module.enableCompileCache, Node 22.1+); on Node 20, code-cache.cjs does the same for CommonJS.

const { join } = require('node:path');

let flushOwn;

/**
 * Turns a compile cache on for the modules loaded from now on, in ARMATURE_CACHE_DIR when set (`off`
 * disables it, as it does the TypeScript cache). Else Node's goes where NODE_COMPILE_CACHE or Node's
 * default (the system temp folder) puts it, and Node 20's beside the TypeScript cache of the project
 * Armature is installed in. Returns whether one is on.
 */
function enableCompileCache() {
  const { enableCompileCache: enable, constants } = require('node:module');
  const configured = process.env.ARMATURE_CACHE_DIR;
  if (configured === 'off') return false;
  if (typeof enable !== 'function') {
    const { enableCodeCache, flushCodeCache } = require('./code-cache.cjs');
    flushOwn = flushCodeCache;
    return enableCodeCache(join(require('./cache-dir.cjs').cacheDir(__filename), 'v8'));
  }
  try {
    const { status } = configured ? enable(join(configured, 'v8')) : enable();
    return status === constants.compileCacheStatus.ENABLED || status === constants.compileCacheStatus.ALREADY_ENABLED;
  } catch {
    // An unwritable folder only costs speed.
    return false;
  }
}

/**
 * The package entry's call (src/built-entry.ts): a built Armature (`entry` ends in .js, as installed from
 * npm) turns the cache on for everything loaded after it, so a server started as `node dist/main.js`
 * gets what `armature start` and `-r armature-mcp/register` already give. Run from source (.ts, under
 * the TypeScript loader or Jest), it leaves module loading to what runs it. Returns whether one is on.
 */
function enableForBuiltEntry(entry) {
  return entry.endsWith('.js') && enableCompileCache();
}

/**
 * Writes what the cache holds now. Node writes its cache when the process exits, and a server is
 * usually killed rather than exited: written once the server listens, the next start finds it.
 * Nothing to write when the cache was already warm.
 */
function flushCompileCache() {
  if (flushOwn) flushOwn();
  else require('node:module').flushCompileCache?.();
}

module.exports = { enableCompileCache, enableForBuiltEntry, flushCompileCache };
