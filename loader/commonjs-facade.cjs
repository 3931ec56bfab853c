'use strict';
// An ES module importing a CommonJS TypeScript file (a .cts, or a .ts file of a package without
// "type": "module") needs its named exports up front. Node finds them by scanning the file on disk,
// which here is TypeScript, and it does not follow `export *` into .ts files. So such a file is
// imported through a small ES module facade that require()s it (on the main thread, through the
// require hook: one instance for require and import alike) and re-exports the names swc lists in
// the compiled output's `0 && (module.exports = {…})` / `0 && __export(require("…"))` annotations
// (or its one `Object.defineProperty(exports, "name", …)`).

const { readFileSync, statSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const { compile } = require('./compile.cjs');

const OWN_NAMES = /^0 && \(module\.exports = \{\n([\s\S]*?)\n\}\);$/m;
const REEXPORTS = /__export\(require\("([^"]+)"\)\)/g;
/** How swc writes a module's only export. */
const SINGLE_EXPORT = /^Object\.defineProperty\(exports, "([^"]+)", \{$/gm;

/** ES module source that re-exports the CommonJS module compiled from `filename`. */
function commonjsFacade(filename) {
  const names = [...exportNames(filename, new Set())].filter((name) => name !== 'default');
  const lines = [
    "import { createRequire } from 'node:module';",
    `const exported = createRequire(import.meta.url)(${JSON.stringify(filename)});`,
    'export default exported;',
  ];
  names.forEach((name, index) => {
    lines.push(`const name${index} = exported[${JSON.stringify(name)}];`);
    lines.push(`export { name${index} as ${JSON.stringify(name)} };`);
  });
  return `${lines.join('\n')}\n`;
}

function exportNames(filename, seen) {
  const names = new Set();
  if (seen.has(filename)) return names;
  seen.add(filename);
  const code = compile(readFileSync(filename, 'utf8'), filename, 'commonjs');
  const own = OWN_NAMES.exec(code);
  if (own) {
    for (const line of own[1].split('\n')) {
      const name = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^:\s]+)):/.exec(line);
      if (name) names.add(name[1] !== undefined ? JSON.parse(`"${name[1]}"`) : name[2]);
    }
  }
  for (const [, name] of code.matchAll(SINGLE_EXPORT)) if (name !== '__esModule') names.add(name);
  for (const [, specifier] of code.matchAll(REEXPORTS)) {
    const target = specifier.startsWith('.') ? resolveSource(dirname(filename), specifier) : undefined;
    if (target) for (const name of exportNames(target, seen)) names.add(name);
  }
  return names;
}

/** CommonJS resolution of a relative specifier, TypeScript extensions first. */
function resolveSource(from, specifier) {
  const base = resolve(from, specifier);
  const candidates = [base, ...['.ts', '.tsx', '.cts', '.js', '.cjs'].map((ext) => base + ext)];
  candidates.push(...['index.ts', 'index.tsx', 'index.js'].map((name) => resolve(base, name)));
  return candidates.find(isFile);
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

module.exports = { commonjsFacade };
