// Node module hooks (module.register) for TypeScript ES modules. They run on Node's loader thread.
// resolve: `./x.js` written for a `./x.ts` file, and extensionless or folder specifiers (as tsc's
// "bundler" resolution and swc's `paths` rewriting produce them). load: compiles `.ts` ES modules;
// a CommonJS `.ts` file is reached through a facade that require()s it on the main thread.

import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { compile } = require('./compile.cjs');
const { moduleFormat } = require('./project-settings.cjs');
const { commonjsFacade } = require('./commonjs-facade.cjs');

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;
const RETRY = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!RETRY.has(error?.code) || !isPath(specifier) || !context.parentURL?.startsWith('file:')) throw error;
    for (const candidate of typescriptCandidates(specifier)) {
      const url = new URL(candidate, context.parentURL);
      if (isFile(url)) return { url: url.href, shortCircuit: true };
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(new URL(url).pathname)) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  if (moduleFormat(filename) === 'commonjs') {
    return { format: 'module', source: commonjsFacade(filename), shortCircuit: true };
  }
  const source = await readFile(filename, 'utf8');
  return { format: 'module', source: compile(source, filename, 'module'), shortCircuit: true };
}

function isPath(specifier) {
  return (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/') ||
    specifier.startsWith('file:')
  );
}

/** What a specifier may mean in TypeScript sources, in tsc's order. */
function typescriptCandidates(specifier) {
  const js = /\.(m|c)?jsx?$/.exec(specifier);
  if (js) {
    const stem = specifier.slice(0, -js[0].length);
    if (js[1] === 'm') return [`${stem}.mts`];
    if (js[1] === 'c') return [`${stem}.cts`];
    return [`${stem}.ts`, `${stem}.tsx`];
  }
  const base = specifier.endsWith('/') ? specifier.slice(0, -1) : specifier;
  return [`${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}/index.ts`, `${base}/index.tsx`];
}

function isFile(url) {
  try {
    return statSync(url).isFile();
  } catch {
    return false;
  }
}
