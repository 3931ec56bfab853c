import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The loader is plain CommonJS (it must run before any TypeScript can); required as Node would.
const { compile } = require('../../../loader/compile.cjs') as {
  compile(source: string, filename: string, format: 'module' | 'commonjs'): string;
};

/** A throw-away project folder: package.json, tsconfig.json and a cache folder of its own. */
function project(files: Record<string, string>): { dir: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'armature-loader-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, cache: join(dir, 'cache') };
}

const DECORATED = `
import { injectable } from 'tsyringe';
export class Clock {}
@injectable()
export class Service {
  constructor(private readonly clock: Clock) {}
}
`;

describe('the TypeScript loader', () => {
  const previous = process.env.ARMATURE_CACHE_DIR;
  const made: string[] = [];
  afterEach(() => {
    process.env.ARMATURE_CACHE_DIR = previous;
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setUp(files: Record<string, string>) {
    const created = project(files);
    made.push(created.dir);
    process.env.ARMATURE_CACHE_DIR = created.cache;
    return created;
  }

  it('keeps decorator metadata as the tsconfig asks (experimentalDecorators + emitDecoratorMetadata)', () => {
    const { dir } = setUp({
      'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true, "emitDecoratorMetadata": true } }',
    });
    const code = compile(DECORATED, join(dir, 'service.ts'), 'commonjs');
    expect(code).toContain(
      '_ts_metadata("design:paramtypes", [\n        typeof Clock === "undefined" ? Object : Clock',
    );
  });

  it('emits no metadata when the tsconfig does not ask for it, as tsc would not', () => {
    const { dir } = setUp({
      // tsconfig files may have comments and trailing commas.
      'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true, /* no metadata */ }, }',
    });
    expect(compile(DECORATED, join(dir, 'service.ts'), 'commonjs')).not.toContain('design:paramtypes');
  });

  it('compiles to the module format asked for', () => {
    const { dir } = setUp({ 'tsconfig.json': '{}' });
    expect(compile('export const a: number = 1;', join(dir, 'a.ts'), 'module')).toMatch(/^export const a = 1;/m);
    expect(compile('export const a: number = 1;', join(dir, 'a.ts'), 'commonjs')).toContain('"use strict"');
  });

  it('compiles a file once: a second start reads the cached output', () => {
    const { dir, cache } = setUp({ 'tsconfig.json': '{}' });
    const file = join(dir, 'a.ts');
    compile('export const a: number = 1;', file, 'commonjs');
    const [entry] = readdirSync(cache);
    expect(readdirSync(cache)).toHaveLength(1);
    // Mark the cached file: only a read from the cache can return the mark.
    writeFileSync(join(cache, entry), '/* from the cache */');
    expect(compile('export const a: number = 1;', file, 'commonjs')).toBe('/* from the cache */');
  });

  it('keys the cache by content and options: an edit or another format compiles anew', () => {
    const { dir, cache } = setUp({ 'tsconfig.json': '{}' });
    const file = join(dir, 'a.ts');
    compile('export const a = 1;', file, 'commonjs');
    compile('export const a = 2;', file, 'commonjs');
    compile('export const a = 2;', file, 'module');
    compile('export const a = 2;', join(dir, 'b.ts'), 'module');
    expect(readdirSync(cache)).toHaveLength(4);
  });

  it('refuses top-level await in a CommonJS file, naming the line, the cause and both fixes', () => {
    const { dir } = setUp({ 'package.json': '{ "name": "cjs" }', 'tsconfig.json': '{}' });
    const file = join(dir, 'main.ts');
    const source = "import { f } from './f';\n\nfunction g() { return 1; }\nconst app = await f();\n";
    expect(() => compile(source, file, 'commonjs')).toThrow(
      `${file}:4 uses top-level await, which a CommonJS module cannot have; this file is compiled to CommonJS because the nearest package.json has no "type": "module". Either move the code into an async function (async function main() { … } void main();), or make the project an ES module ("type": "module" in package.json, or name the file .mts).`,
    );
  });

  it('allows await inside functions of a CommonJS file, and top-level await in an ES module', () => {
    const { dir } = setUp({ 'tsconfig.json': '{}' });
    const inFunctions = 'async function main() { await 1; }\nconst f = async () => { for await (const x of []) {} };\n';
    expect(() => compile(inFunctions, join(dir, 'a.ts'), 'commonjs')).not.toThrow();
    expect(compile('await Promise.resolve();\nexport {};', join(dir, 'b.ts'), 'module')).toContain('await');
  });

  it('rewrites tsconfig paths to relative specifiers', () => {
    const { dir } = setUp({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "#lib": ["./lib/index.ts"] } } }',
      'lib/index.ts': 'export const x = 1;',
    });
    const code = compile("import { x } from '#lib';\nconsole.log(x);", join(dir, 'src', 'main.ts'), 'commonjs');
    expect(code).toContain('require("../lib")');
  });

  it('never loads the typescript package, so any TypeScript version (7 included) can be installed', () => {
    const { dir } = setUp({ 'tsconfig.json': '{}' });
    // In a plain Node process (Jest keeps a module registry of its own): compile, then list what loaded.
    const script = [
      `const { compile } = require(${JSON.stringify(require.resolve('../../../loader/compile.cjs'))});`,
      `compile('export const a: number = 1;', ${JSON.stringify(join(dir, 'a.ts'))}, 'commonjs');`,
      'const loaded = Object.keys(require.cache);',
      "const typescript = loaded.filter((p) => p.split(require('node:path').sep).includes('typescript'));",
      "console.log(JSON.stringify({ swc: loaded.some((p) => p.includes('@swc')), typescript }));",
    ].join('\n');
    const output = execFileSync(process.execPath, ['-e', script], { env: process.env, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ swc: true, typescript: [] });
  });

  it('uses node_modules/.cache/armature-mcp of the nearest node_modules when no cache folder is set', () => {
    const { dir } = setUp({ 'tsconfig.json': '{}', 'node_modules/.keep': '' });
    delete process.env.ARMATURE_CACHE_DIR;
    compile('export const a = 1;', join(dir, 'src', 'a.ts'), 'commonjs');
    expect(readdirSync(join(dir, 'node_modules', '.cache', 'armature-mcp'))).toHaveLength(1);
    expect(
      readFileSync(
        join(
          dir,
          'node_modules',
          '.cache',
          'armature-mcp',
          readdirSync(join(dir, 'node_modules', '.cache', 'armature-mcp'))[0],
        ),
        'utf8',
      ),
    ).toContain('exports');
  });
});
