/**
 * `npm run layers`: fails when an import in src/ runs up the layer order, when two files import
 * each other (directly or around a cycle), or when two folders import each other.
 */
import { join } from 'node:path';
import { importGraph } from './import-graph';
import { layerViolations } from './layer-rules';

const graph = importGraph(join(__dirname, '..', '..', 'src'));
const violations = layerViolations(graph);
for (const violation of violations) process.stderr.write(`${violation.rule}: ${violation.message}\n`);
if (violations.length > 0) {
  process.stderr.write(`layers: ${violations.length} violation(s) in ${graph.size} files\n`);
  process.exit(1);
}
process.stdout.write(`layers: ${graph.size} files, imports only look down, no cycles\n`);
