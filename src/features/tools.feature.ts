import type { JsonObject } from '../protocol/json-rpc';
import { McpError } from '../protocol/mcp-error';
import { BOTH, type MethodSpec, requireString } from './method';

export const toolMethods: Record<string, MethodSpec> = {
  'tools/list': {
    capability: 'tools',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry }) => pageResult('tools', registry.tools.page(params.cursor)),
  },
  'tools/call': {
    capability: 'tools',
    eras: BOTH,
    interactive: true,
    run: async ({ params, registry, context, errors }) => {
      const name = requireString(params, 'name');
      const tool = registry.tools.get(name);
      if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`);
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) {
        throw McpError.invalidParams('Invalid params: "arguments" must be an object');
      }
      return (await tool.call(params.arguments, context, errors)) as JsonObject;
    },
  },
};

export function pageResult(key: string, page: { items: readonly object[]; nextCursor?: string }): JsonObject {
  return page.nextCursor === undefined ? { [key]: page.items } : { [key]: page.items, nextCursor: page.nextCursor };
}
