import { reusable } from '../protocol/codec';
import type { JsonObject } from '../protocol/json-rpc';
import { ErrorCode, McpError } from '../protocol/mcp-error';
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
    run: async (call) => {
      const { params, registry, context, errors } = call;
      const name = requireString(params, 'name');
      const tool = registry.tools.get(name);
      if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`);
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) {
        throw McpError.invalidParams('Invalid params: "arguments" must be an object');
      }
      if (call.tasks) {
        const handle = await call.tasks.callTool(call, tool);
        if (handle) return handle;
      } else if (tool.spec.taskSupport === 'required') {
        throw new McpError(ErrorCode.MethodNotFound, `Tool "${name}" must run as a task: add "task" to the request`);
      }
      return (await tool.call(params.arguments, context, errors)) as JsonObject;
    },
  },
};

// A page object lives until its list changes, so its result (and the result's JSON) is built once.
const pageResults = new WeakMap<object, JsonObject>();

export function pageResult(key: string, page: { items: readonly object[]; nextCursor?: string }): JsonObject {
  let result = pageResults.get(page);
  if (!result) {
    result = page.nextCursor === undefined ? { [key]: page.items } : { [key]: page.items, nextCursor: page.nextCursor };
    pageResults.set(page, reusable(result));
  }
  return result;
}
