'use strict';
// Compiles one TypeScript file with swc, once: the output is kept on disk under a key made of the
// source, the swc options (which carry the file name and the tsconfig settings) and the compiler
// versions, so a second start reads JavaScript and never loads the compiler.

const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cacheDir } = require('./cache-dir.cjs');
const { moduleFormat, swcOptions } = require('./project-settings.cjs');
const { findTopLevelAwait, TopLevelAwaitError } = require('./top-level-await.cjs');

/** Bumped when this loader changes what it emits, so older cache entries are not reused. */
const LOADER_VERSION = '1';
const SWC_VERSION = require('@swc/core/package.json').version;

let swc;

/** The JavaScript for `filename` in `format` ('module' | 'commonjs'), from the cache when it can. */
function compile(source, filename, format) {
  const options = swcOptions(filename, format);
  const key = createHash('sha256')
    .update(`${LOADER_VERSION}\0${SWC_VERSION}\0${JSON.stringify(options)}\0`)
    .update(source)
    .digest('hex');
  const dir = cacheDir(filename);
  const file = dir && join(dir, `${key}.js`);
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {}
  }
  swc ??= require('@swc/core');
  if (format === 'commonjs' && source.includes('await')) {
    const line = findTopLevelAwait(swc, source, options.jsc.parser);
    if (line) throw new TopLevelAwaitError(filename, line, whyCommonJs(filename));
  }
  const { code } = swc.transformSync(source, options);
  if (file) store(dir, file, code);
  return code;
}

function whyCommonJs(filename) {
  if (filename.endsWith('.cts')) return 'it is a .cts file';
  if (moduleFormat(filename) === 'module') return 'it is loaded with require()';
  return 'the nearest package.json has no "type": "module"';
}

/** Written to a temporary name and renamed: a concurrent start never reads half a file. */
function store(dir, file, code) {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
  } catch {
    // A read-only project still runs; it compiles on every start.
  }
}

module.exports = { compile, cacheDir };
