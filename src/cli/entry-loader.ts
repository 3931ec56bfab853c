import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installHooks, TS_EXTENSIONS } from '../../loader/install-hooks.cjs';
import { moduleFormat } from '../../loader/project-settings.cjs';

/**
 * Runs a project's entry the way Node would run it, TypeScript included: an ES module (`.mts`, or
 * `"type": "module"` in its package.json) through import(), anything else through require().
 * TypeScript is compiled by the bundled swc loader (decorator metadata kept, output cached).
 */
export async function loadEntry(entry: string): Promise<void> {
  const format = moduleFormat(entry);
  if (TS_EXTENSIONS.includes(extname(entry))) installHooks({ esm: format === 'module' });
  if (format === 'module') await import(pathToFileURL(entry).href);
  else require(entry);
}
