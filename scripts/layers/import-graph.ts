import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File -> the files it imports (relative imports only; packages are outside the layer order). */
export type ImportGraph = Map<string, Set<string>>;

/**
 * The import graph of every `.ts` file under `root`, keyed by paths relative to `root`.
 * `import type` and re-exports count: a type from an upper layer couples a lower file just the same.
 */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of tsFiles(root)) {
    const imports = new Set<string>();
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveModule(dirname(file), fileName);
      if (target) imports.add(relative(root, target));
    }
    graph.set(relative(root, file), imports);
  }
  return graph;
}

function tsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...tsFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}
