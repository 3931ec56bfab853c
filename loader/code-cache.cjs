'use strict';
// V8's code cache for the CommonJS modules a start loads, on Node versions without
// module.enableCompileCache (Node 20): a later start hands V8 the bytecode it produced last time
// instead of having it parse and compile ~600 modules again, the largest single cost of a start there.
//
// Only compilation changes hands. Node still resolves, reads and runs every module itself (package.json
// "exports", require(esm), pirates' TypeScript hook, require.cache): the one method replaced,
// Module.prototype._compile, compiles the same wrapper Node would with vm.Script and the cached bytecode,
// and builds `require` exactly as Node does. Anything this cannot do as Node would goes to Node's own
// _compile: an ES module, a syntax error, source maps on, a policy manifest, and a module that may call
// import() (a vm.Script's import() needs Node's loader callback, which V8 does not keep in cached data
// on Node 20, and which Node marks experimental there).
//
// The cache is one file, read once per start (one read costs less than ~600 small ones): each module's
// entry is keyed by its path and checked against a hash of the source it is asked to compile, so an
// edited file (or a TypeScript file compiled differently) is compiled afresh. The file is per Node
// version and architecture; V8 itself also refuses data from another V8 version or other flags.

const { hash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** Also matches the words in comments and strings: such a module is only left uncached. */
const DYNAMIC_IMPORT = /\bimport\s*\(/;
/** Bumped when the file layout changes. */
const FORMAT = 'armature-v8-1';

let state;

/** Installs the _compile hook with its cache file in `dir`. Idempotent; false when it cannot run here. */
function enableCodeCache(dir) {
  if (state) return true;
  if (!canHook()) return false;
  const file = join(dir, `${process.version}-${process.arch}.bin`);
  state = { file, entries: readCacheFile(file), produced: new Map(), fromCache: 0, compiled: 0 };
  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCodeCache(content, filename, format) {
    if (format === 'module' || process.sourceMapsEnabled || DYNAMIC_IMPORT.test(content)) {
      return nodeCompile.call(this, content, filename, format);
    }
    let compiled;
    try {
      compiled = compileWrapper(content, filename);
    } catch (error) {
      // Node's own compile retries ES module syntax in a .js file (require(esm)) and reports the rest.
      if (error instanceof SyntaxError) return nodeCompile.call(this, content, filename, format);
      throw error;
    }
    const exports = this.exports;
    return Reflect.apply(compiled, exports, [exports, makeRequire(this), this, filename, dirname(filename)]);
  };
  process.once('exit', flushCodeCache);
  return true;
}

/** Node's policy manifests check every module's integrity inside _compile: with one, Node keeps it. */
function canHook() {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return !flags.some((flag) => flag.includes('policy'));
}

function compileWrapper(content, filename) {
  const sourceHash = hash('sha1', content, 'base64');
  const cached = state.entries.get(filename);
  const cachedData = cached?.sourceHash === sourceHash ? cached.data : undefined;
  const script = new Script(Module.wrap(content), { filename, cachedData });
  if (cachedData !== undefined && !script.cachedDataRejected) state.fromCache++;
  else {
    state.compiled++;
    // Serialized later, once the module has run: the data then holds the functions it compiled lazily.
    state.produced.set(filename, { sourceHash, script });
  }
  return script.runInThisContext({ displayErrors: true });
}

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction). */
function makeRequire(mod) {
  const ModuleClass = mod.constructor;
  const require = function require(id) {
    return mod.require(id);
  };
  function resolve(request, options) {
    if (typeof request !== 'string') throw typeError(request);
    return ModuleClass._resolveFilename(request, mod, false, options);
  }
  function paths(request) {
    if (typeof request !== 'string') throw typeError(request);
    return ModuleClass._resolveLookupPaths(request, mod);
  }
  resolve.paths = paths;
  require.resolve = resolve;
  Object.defineProperty(require, 'main', {
    value: process.mainModule,
    writable: true,
    configurable: true,
    enumerable: true,
  });
  require.extensions = ModuleClass._extensions;
  require.cache = ModuleClass._cache;
  return require;
}

function typeError(request) {
  const error = new TypeError(`The "request" argument must be of type string. Received ${typeof request}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

/**
 * Writes the cache file when this process compiled modules afresh: their entries, serialized now that
 * they have run, and the entries it read whose files still exist (other commands of the same project
 * load other modules). Written to a temporary name and renamed, so a concurrent start reads the old
 * file or the new one, never half of one.
 */
function flushCodeCache() {
  if (!state || state.produced.size === 0) return;
  const entries = new Map();
  for (const [filename, entry] of state.entries) {
    if (!state.produced.has(filename) && existsSync(filename)) entries.set(filename, entry);
  }
  for (const [filename, { sourceHash, script }] of state.produced) {
    entries.set(filename, { sourceHash, data: script.createCachedData() });
  }
  state.produced.clear();
  state.entries = entries;
  try {
    mkdirSync(dirname(state.file), { recursive: true });
    const temporary = `${state.file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(entries));
    renameSync(temporary, state.file);
  } catch {
    // An unwritable folder only costs speed.
  }
}

// File layout: FORMAT, a newline, the length of the JSON index in 10 ASCII digits, the index
// ([filename, sourceHash, byteLength] per entry), then the entries' data back to back.
function serialize(entries) {
  const index = [];
  const blobs = [];
  for (const [filename, { sourceHash, data }] of entries) {
    index.push([filename, sourceHash, data.length]);
    blobs.push(data);
  }
  const json = Buffer.from(JSON.stringify(index));
  return Buffer.concat([Buffer.from(`${FORMAT}\n${String(json.length).padStart(10, '0')}`), json, ...blobs]);
}

function readCacheFile(file) {
  const entries = new Map();
  let buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    return entries;
  }
  try {
    const start = FORMAT.length + 1;
    if (buffer.toString('latin1', 0, start) !== `${FORMAT}\n`) return entries;
    const indexStart = start + 10;
    let offset = indexStart + Number(buffer.toString('latin1', start, indexStart));
    for (const [filename, sourceHash, byteLength] of JSON.parse(buffer.toString('utf8', indexStart, offset))) {
      if (offset + byteLength > buffer.length) break;
      entries.set(filename, { sourceHash, data: buffer.subarray(offset, offset + byteLength) });
      offset += byteLength;
    }
  } catch {
    // A damaged file is a cold cache.
    entries.clear();
  }
  return entries;
}

/** How many modules this process compiled from the cache, and how many it compiled afresh (for tests). */
function codeCacheStatus() {
  return state && { file: state.file, fromCache: state.fromCache, compiled: state.compiled };
}

module.exports = { codeCacheStatus, enableCodeCache, flushCodeCache };
