'use strict';
// How a TypeScript file is compiled: read from the tsconfig.json that governs it (the nearest one
// walking up from the file, `extends` followed) and from the nearest package.json's "type", the
// way tsc and Node decide. Nothing here depends on the working directory.

const { readFileSync } = require('node:fs');
const { dirname, extname, join, resolve } = require('node:path');
const { getTsconfig } = require('get-tsconfig');

/** swc accepts these `jsc.target` values; tsc's `ESNext`/`ES2024`… map onto them by lower-casing. */
const SWC_TARGETS = new Set([
  'es5',
  'es2015',
  'es2016',
  'es2017',
  'es2018',
  'es2019',
  'es2020',
  'es2021',
  'es2022',
  'es2023',
  'es2024',
  'esnext',
]);

const tsconfigCache = new Map();
const tsconfigByDir = new Map();
const typeByDir = new Map();

/** The tsconfig.json governing files in `dir` ({ path, config }), or null. */
function tsconfigFor(dir) {
  let found = tsconfigByDir.get(dir);
  if (found === undefined) {
    found = getTsconfig(dir, 'tsconfig.json', tsconfigCache);
    tsconfigByDir.set(dir, found);
  }
  return found;
}

/** 'module' or 'commonjs', as Node decides it for the JavaScript this file compiles to. */
function moduleFormat(filename) {
  const ext = extname(filename);
  if (ext === '.mts' || ext === '.mjs') return 'module';
  if (ext === '.cts' || ext === '.cjs') return 'commonjs';
  return packageType(dirname(filename)) === 'module' ? 'module' : 'commonjs';
}

function packageType(dir) {
  let type = typeByDir.get(dir);
  if (type !== undefined) return type;
  try {
    type = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type ?? 'commonjs';
  } catch (error) {
    const parent = dirname(dir);
    if (error.code !== 'ENOENT' || parent === dir) type = 'commonjs';
    else type = packageType(parent);
  }
  typeByDir.set(dir, type);
  return type;
}

/**
 * The swc options that compile `filename` like tsc would with its tsconfig: decorators and their
 * metadata as configured (both on when there is no tsconfig at all, as Armature needs them),
 * `paths` rewritten, and the module format Node will load it as.
 */
function swcOptions(filename, format) {
  const tsconfig = tsconfigFor(dirname(filename));
  const compilerOptions = tsconfig?.config.compilerOptions ?? {};
  const target = String(compilerOptions.target ?? 'es2022').toLowerCase();
  const swcTarget = SWC_TARGETS.has(target) ? target : 'es2022';
  const legacyDecorator = tsconfig ? compilerOptions.experimentalDecorators === true : true;
  const decoratorMetadata = tsconfig ? compilerOptions.emitDecoratorMetadata === true : true;
  // tsc's default: define semantics from ES2022 on.
  const year = swcTarget === 'esnext' ? Number.POSITIVE_INFINITY : Number(swcTarget.slice(2));
  const useDefineForClassFields = compilerOptions.useDefineForClassFields ?? year >= 2022;
  const jsc = {
    target: swcTarget,
    keepClassNames: true,
    parser: { syntax: 'typescript', tsx: extname(filename) === '.tsx', decorators: true },
    transform: {
      legacyDecorator,
      decoratorMetadata,
      useDefineForClassFields,
      ...(legacyDecorator ? {} : { decoratorVersion: '2022-03' }),
    },
  };
  if (tsconfig && compilerOptions.paths) {
    jsc.baseUrl = resolve(dirname(tsconfig.path), compilerOptions.baseUrl ?? '.');
    jsc.paths = compilerOptions.paths;
  }
  return {
    filename,
    swcrc: false,
    configFile: false,
    sourceMaps: 'inline',
    module:
      format === 'module'
        ? { type: 'es6' }
        : // The annotation lets Node's ESM loader see the named exports of compiled CommonJS.
          { type: 'commonjs', exportInteropAnnotation: true, ignoreDynamic: true },
    jsc,
  };
}

module.exports = { moduleFormat, swcOptions, tsconfigFor };
