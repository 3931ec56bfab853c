'use strict';
// Runs TypeScript in Node with decorator metadata, without the `typescript` package (so any
// TypeScript version, 7 included): `.ts` files are compiled by swc on first load and cached.
// `register.cjs` installs these hooks when preloaded; `armature start` calls installHooks() itself.

const { register: registerHooks } = require('node:module');
const { pathToFileURL } = require('node:url');
const { addHook } = require('pirates');
const { compile } = require('./compile.cjs');

const TS_EXTENSIONS = ['.ts', '.cts', '.mts', '.tsx'];
/** On globalThis: one process may load two copies of this file (a built CLI and a source tree). */
const STATE = Symbol.for('armature-mcp.loader');

/**
 * Installs the require() hook (CommonJS) and, with `esm`, Node's module hooks that compile and
 * resolve TypeScript ES modules. Idempotent.
 */
function installHooks({ esm = true } = {}) {
  globalThis[STATE] ??= { commonjs: false, esm: false };
  const state = globalThis[STATE];
  if (!state.commonjs) {
    // swc writes inline source maps; Node reads them with --enable-source-maps (`armature dev` turns
    // that on). Off by default: reading them costs more than the rest of a cached start.
    addHook((code, filename) => compile(code, filename, 'commonjs'), { exts: TS_EXTENSIONS });
    state.commonjs = true;
  }
  if (esm && !state.esm) {
    registerHooks('./esm-hooks.mjs', pathToFileURL(__filename));
    state.esm = true;
  }
}

module.exports = { installHooks, TS_EXTENSIONS };
