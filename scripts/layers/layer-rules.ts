import type { ImportGraph } from './import-graph';

/**
 * The layer order of DESIGN.md, lowest first. A folder of `src/` may import its own layer and the
 * layers below it, never above; files directly in `src/` (the package entry) sit on top.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['telemetry'],
  ['schema', 'metadata', 'decorators'],
  ['registry', 'components', 'discovery'],
  ['context'],
  ['pipeline', 'auth'],
  ['features', 'tasks'],
  ['protocol'],
  ['state'],
  ['transports'],
  ['app'],
  ['cli', 'testing'],
];

/**
 * Folders a layer may not reach although they sit below it: transports know bytes and the engine,
 * never tools (they ask the engine, e.g. for a tool's routing headers), so nothing in them depends
 * on how components are declared, found or run.
 */
export const OUT_OF_REACH: Readonly<Record<string, readonly string[]>> = {
  transports: ['components', 'registry', 'features', 'discovery', 'tasks'],
};

export interface Violation {
  rule: 'upward-import' | 'out-of-reach' | 'file-cycle' | 'folder-pair' | 'unknown-folder';
  message: string;
}

/** The top folder of a `src/`-relative path (`protocol/session/x.ts` -> `protocol`), `''` for `src/` itself. */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** Every way the graph breaks the order: upward imports, file cycles, folder pairs importing each other. */
export function layerViolations(
  graph: ImportGraph,
  layers: readonly (readonly string[])[] = LAYERS,
  outOfReach: Readonly<Record<string, readonly string[]>> = OUT_OF_REACH,
): Violation[] {
  const rank = new Map<string, number>();
  layers.forEach((folders, index) => {
    for (const folder of folders) rank.set(folder, index);
  });
  rank.set('', layers.length);
  const violations: Violation[] = [];
  const folderEdges = new Map<string, Map<string, string>>();

  for (const [file, imports] of graph) {
    const from = folderOf(file);
    if (!rank.has(from)) {
      violations.push({
        rule: 'unknown-folder',
        message: `${file}: the folder "${from}" has no place in the layer order; add it to scripts/layers/layer-rules.ts`,
      });
      continue;
    }
    for (const target of imports) {
      const to = folderOf(target);
      if (to === from || !rank.has(to)) continue;
      if ((rank.get(to) as number) > (rank.get(from) as number)) {
        violations.push({
          rule: 'upward-import',
          message: `${file} imports ${target}: ${from} may not import ${to}, which sits above it in the layer order`,
        });
      }
      if (outOfReach[from]?.includes(to)) {
        violations.push({
          rule: 'out-of-reach',
          message: `${file} imports ${target}: ${from} may not reach into ${to}; go through the engine`,
        });
      }
      const edges = folderEdges.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${file} -> ${target}`);
      folderEdges.set(from, edges);
    }
  }

  for (const [from, edges] of folderEdges) {
    for (const [to, example] of edges) {
      const back = folderEdges.get(to)?.get(from);
      if (back && from < to) {
        violations.push({
          rule: 'folder-pair',
          message: `${from} and ${to} import each other (${example}; ${back})`,
        });
      }
    }
  }

  for (const cycle of fileCycles(graph)) {
    violations.push({ rule: 'file-cycle', message: `import cycle: ${[...cycle, cycle[0]].join(' -> ')}` });
  }
  return violations;
}

/** The strongly connected components with more than one file (or a file importing itself), by Tarjan. */
export function fileCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;

  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.has(file)) cycles.push(component.reverse());
  };

  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}
