import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { ListenOptions } from '../app/application-options';

const TS_EXTENSIONS = new Set(['.ts', '.cts', '.mts', '.tsx']);
/** Set by bin/armature.js (dev mode) or by us, so @swc-node/register is never registered twice. */
const SWC_REGISTERED = Symbol.for('armature.swc-node-registered');
const PATCHED = Symbol.for('armature.listen-patched');

export type ListenInterceptor = (
  app: any,
  argument: ListenOptions,
  listen: (options: ListenOptions) => Promise<void>,
) => Promise<void>;

/** Loads TypeScript entries through @swc-node/register (it keeps decorator metadata; tsx does not). */
export function ensureTypeScript(entry: string): void {
  if (!TS_EXTENSIONS.has(extname(entry))) return;
  const registry = globalThis as Record<symbol, unknown>;
  if (registry[SWC_REGISTERED]) return;
  process.env.SWC_NODE_PROJECT ??= nearestTsconfig(dirname(entry));
  let register: string;
  try {
    register = require.resolve('@swc-node/register', { paths: [dirname(entry), process.cwd(), __dirname] });
  } catch {
    throw new Error(
      `${entry} is TypeScript, and @swc-node/register cannot be found to run it: ` +
        'npm install --save-dev @swc-node/register @swc/core, or build the entry to JavaScript',
    );
  }
  require(register);
  registry[SWC_REGISTERED] = true;
}

function nearestTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json'))) return join(dir, 'tsconfig.json');
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Routes every `McpApplication#listen` the entry calls through `interceptor`. The entry may load
 * its own copy of armature (src/ through tsconfig paths while the CLI runs from dist/, or a
 * project's node_modules), so the class is caught as it is required: any module whose exports
 * hold an `McpApplication` with a `listen` method gets it wrapped, once.
 */
export function interceptListen(interceptor: ListenInterceptor): void {
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const original = proto.require;
  proto.require = function patchedRequire(this: unknown, id: string) {
    const exports = original.call(this, id) as { McpApplication?: { prototype?: Record<PropertyKey, unknown> } };
    const target = exports?.McpApplication?.prototype;
    if (target && typeof target.listen === 'function' && !target[PATCHED]) {
      const listen = target.listen as (options?: ListenOptions) => Promise<void>;
      target.listen = function interceptedListen(this: unknown, argument: ListenOptions = {}) {
        return interceptor(this, argument, (options) => listen.call(this, options));
      };
      target[PATCHED] = true;
    }
    return exports;
  };
}
