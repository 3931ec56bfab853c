'use strict';
// A CommonJS module cannot use top-level await. Node's own messages for it name neither the file's
// module format nor the fix, so a CommonJS compile looks for one first and names both.

/** Nodes whose bodies are their own (async) scope: an await inside them is not top-level. */
const SCOPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'PrivateMethod',
  'Constructor',
  'MethodProperty',
  'GetterProperty',
  'SetterProperty',
]);

/** The 1-based line of the first top-level `await` (or `for await`), or 0. */
function findTopLevelAwait(swc, source, parser) {
  const ast = swc.parseSync(source, parser);
  const found = search(ast.body);
  if (!found) return 0;
  // swc spans are 1-based byte offsets.
  const before = Buffer.from(source, 'utf8')
    .subarray(0, found.span.start - 1)
    .toString('utf8');
  return before.split('\n').length;
}

function search(node) {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = search(item);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  if (SCOPES.has(node.type)) return undefined;
  if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.isAwait)) return node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || value === null || typeof value !== 'object') continue;
    const found = search(value);
    if (found) return found;
  }
  return undefined;
}

class TopLevelAwaitError extends Error {
  constructor(filename, line, why) {
    super(
      `${filename}:${line} uses top-level await, which a CommonJS module cannot have; this file is ` +
        `compiled to CommonJS because ${why}. Either move the code into ` +
        'an async function (async function main() { … } void main();), or make the project an ES module ' +
        '("type": "module" in package.json, or name the file .mts).',
    );
    this.name = 'TopLevelAwaitError';
  }
}

module.exports = { findTopLevelAwait, TopLevelAwaitError };
