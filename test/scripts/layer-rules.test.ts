import { join } from 'node:path';
import { importGraph } from '../../scripts/layers/import-graph';
import { fileCycles, layerViolations, type Violation } from '../../scripts/layers/layer-rules';

const LAYERS = [['core'], ['features'], ['protocol']];

function graphOf(edges: Record<string, string[]>) {
  return new Map(Object.entries(edges).map(([file, imports]) => [file, new Set(imports)]));
}

function rules(violations: Violation[]) {
  return violations.map((violation) => violation.rule).sort();
}

describe('the layer check', () => {
  it('accepts imports that look down or stay in their folder', () => {
    const graph = graphOf({
      'core/json-rpc.ts': [],
      'features/tools.ts': ['core/json-rpc.ts', 'features/method.ts'],
      'features/method.ts': ['core/json-rpc.ts'],
      'protocol/engine.ts': ['features/tools.ts', 'core/json-rpc.ts'],
      'index.ts': ['protocol/engine.ts'],
    });
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  it('refuses an import that runs up the order, naming both files', () => {
    const graph = graphOf({
      'core/json-rpc.ts': ['protocol/engine.ts'],
      'protocol/engine.ts': [],
    });
    const violations = layerViolations(graph, LAYERS);
    expect(rules(violations)).toEqual(['upward-import']);
    expect(violations[0].message).toContain('core/json-rpc.ts imports protocol/engine.ts');
  });

  it('refuses a transport that reaches past the engine into tools, though they sit below it', () => {
    const graph = graphOf({
      'registry/mcp-registry.ts': [],
      'protocol/engine.ts': ['registry/mcp-registry.ts'],
      'transports/http.ts': ['protocol/engine.ts', 'registry/mcp-registry.ts'],
    });
    const violations = layerViolations(graph, [['registry'], ['protocol'], ['transports']]);
    expect(rules(violations)).toEqual(['out-of-reach']);
    expect(violations[0].message).toContain('transports/http.ts imports registry/mcp-registry.ts');
  });

  it('refuses two files that import each other, even within one folder', () => {
    const graph = graphOf({
      'protocol/engine.ts': ['protocol/connection.ts'],
      'protocol/connection.ts': ['protocol/era.ts'],
      'protocol/era.ts': ['protocol/engine.ts'],
    });
    expect(rules(layerViolations(graph, LAYERS))).toEqual(['file-cycle']);
    expect(fileCycles(graph)).toEqual([['protocol/connection.ts', 'protocol/era.ts', 'protocol/engine.ts']]);
  });

  it('refuses two folders of one layer that import each other', () => {
    const graph = graphOf({
      'registry/list.ts': ['components/tool.ts'],
      'components/tool.ts': [],
      'components/resource.ts': ['registry/cursor.ts'],
      'registry/cursor.ts': [],
    });
    const violations = layerViolations(graph, [['registry', 'components']]);
    expect(rules(violations)).toEqual(['folder-pair']);
    expect(violations[0].message).toContain('components and registry import each other');
  });

  it('refuses a folder the order does not place', () => {
    expect(rules(layerViolations(graphOf({ 'misc/util.ts': [] }), LAYERS))).toEqual(['unknown-folder']);
  });

  it('finds no violation in the sources', () => {
    const violations = layerViolations(importGraph(join(__dirname, '..', '..', 'src')));
    expect(violations.map((violation) => violation.message)).toEqual([]);
  });
});
