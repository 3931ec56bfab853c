import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

const TS_EXTENSIONS = new Set(['.ts', '.cts', '.mts', '.tsx']);
/** Set by bin/armature.js (dev mode) or by us, so @swc-node/register is never registered twice. */
const SWC_REGISTERED = Symbol.for('armature.swc-node-registered');

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
