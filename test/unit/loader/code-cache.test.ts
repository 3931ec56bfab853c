import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The code cache replaces Node's own Module.prototype._compile, which Jest's module system never calls:
// each start here is a real Node process, as `armature start` is.
const CODE_CACHE = join(__dirname, '..', '..', '..', 'loader', 'code-cache.cjs');
const JOSE = require.resolve('jose');

/** Runs `main.js` of `dir` with the code cache on; what it printed, and what the cache did. */
function start(dir: string): { output: unknown; fromCache: number; compiled: number } {
  const runner = `
    const cache = require(${JSON.stringify(CODE_CACHE)});
    cache.enableCodeCache(${JSON.stringify(join(dir, 'cache'))});
    Promise.resolve(require('./main.js')).then((output) => {
      cache.flushCodeCache();
      const { fromCache, compiled } = cache.codeCacheStatus();
      process.stdout.write(JSON.stringify({ output, fromCache, compiled }));
    });
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', runner], { cwd: dir, encoding: 'utf8' }));
}

describe('the V8 code cache of CommonJS modules (Node 20, which has no module.enableCompileCache)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'armature-code-cache-'));
    made.push(dir);
    write(dir, files);
    return dir;
  }

  function write(dir: string, files: Record<string, string>): void {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
  }

  it('compiles each module once: a second start takes every module from the cache', () => {
    const dir = project({
      'main.js': "module.exports = require('./lib/double.js')(21);",
      'lib/double.js': 'module.exports = (n) => n * 2;',
    });
    expect(start(dir)).toEqual({ output: 42, fromCache: 0, compiled: 2 });
    expect(start(dir)).toEqual({ output: 42, fromCache: 2, compiled: 0 });
  });

  it('runs the new code of an edited file, even one whose length did not change', () => {
    // V8 checks cached data against the source's length only: the cache must check the source itself.
    const dir = project({ 'main.js': 'module.exports = 1;' });
    expect(start(dir).output).toBe(1);
    write(dir, { 'main.js': 'module.exports = 2;' });
    expect(start(dir)).toEqual({ output: 2, fromCache: 0, compiled: 1 });
    expect(start(dir)).toEqual({ output: 2, fromCache: 1, compiled: 0 });
  });

  it('gives modules the require Node gives them: resolve, resolve.paths, cache, main', () => {
    const dir = project({
      'main.js': `
        const target = require.resolve('./other.js');
        module.exports = {
          resolved: target === __dirname + '/other.js',
          paths: Array.isArray(require.resolve.paths('x')),
          cached: require.cache[__filename] === module,
          main: require.main === process.mainModule,
          other: require('./other.js'),
        };`,
      'other.js': 'module.exports = "other";',
    });
    const expected = { resolved: true, paths: true, cached: true, main: true, other: 'other' };
    expect(start(dir).output).toEqual(expected);
    expect(start(dir)).toEqual({ output: expected, fromCache: 2, compiled: 0 });
  });

  it('leaves ES modules to Node: packages with "exports" that require(esm) loads (jose) and import()', () => {
    const dir = project({
      'main.js': `
        const jose = require(${JSON.stringify(JOSE)});
        module.exports = import('./esm.mjs').then((esm) => ({ jose: typeof jose.jwtVerify, esm: esm.answer }));`,
      'esm.mjs': 'export const answer = 42;',
    });
    const expected = { jose: 'function', esm: 42 };
    expect(start(dir).output).toEqual(expected);
    expect(start(dir).output).toEqual(expected);
  });

  it('reports a syntax error as Node does, naming the file', () => {
    const dir = project({ 'main.js': "require('./broken.js');", 'broken.js': 'module.exports = (;' });
    expect(() => start(dir)).toThrow(/broken\.js:1[\s\S]*SyntaxError: Unexpected token/);
  });

  it("is turned on by a built Armature's package entry, not by one run from TypeScript source", () => {
    // dist/index.js imports dist/built-entry.js first: `node dist/main.js` starts as `armature start` does.
    const COMPILE_CACHE = join(__dirname, '..', '..', '..', 'loader', 'compile-cache.cjs');
    const dir = project({ 'main.js': 'module.exports = 42;' });
    const startFrom = (entry: string) => {
      const runner = `
        const on = require(${JSON.stringify(COMPILE_CACHE)}).enableForBuiltEntry(${JSON.stringify(entry)});
        const output = require('./main.js');
        require(${JSON.stringify(COMPILE_CACHE)}).flushCompileCache();
        const status = require(${JSON.stringify(CODE_CACHE)}).codeCacheStatus();
        process.stdout.write(JSON.stringify({ on, output, fromCache: status?.fromCache }));
      `;
      const env = { ...process.env, ARMATURE_CACHE_DIR: join(dir, 'cache') };
      return JSON.parse(execFileSync(process.execPath, ['-e', runner], { cwd: dir, env, encoding: 'utf8' }));
    };
    expect(startFrom('/app/node_modules/armature-mcp/src/built-entry.ts')).toEqual({ on: false, output: 42 });
    expect(startFrom('/app/node_modules/armature-mcp/dist/built-entry.js')).toEqual({
      on: true,
      output: 42,
      fromCache: 0,
    });
    expect(startFrom('/app/node_modules/armature-mcp/dist/built-entry.js')).toEqual({
      on: true,
      output: 42,
      fromCache: 1,
    });
  });

  it('treats a damaged cache file as a cold cache', () => {
    const dir = project({ 'main.js': 'module.exports = "still runs";' });
    start(dir);
    write(dir, { [`cache/${process.version}-${process.arch}.bin`]: 'armature-v8-1\n0000000009{"broken"' });
    expect(start(dir)).toEqual({ output: 'still runs', fromCache: 0, compiled: 1 });
  });
});
