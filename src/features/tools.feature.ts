import type { ToolComponent } from '../components/tool.component';
import type { JsonObject } from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { reusable } from '../core/protocol/reusable';
import type { Page } from '../registry/component-list';
import { BOTH, type Call, type MethodSpec, requireString, type TaskEra } from './method';

export const toolMethods: Record<string, MethodSpec> = {
  'tools/list': {
    capability: 'tools',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry, pipeline, context }) =>
      pageResult('tools', await pipeline.page(registry.tools, params.cursor, context)),
  },
  'tools/call': {
    capability: 'tools',
    eras: BOTH,
    interactive: true,
    // Not async: a direct call hands back the pipeline's own promise instead of wrapping it in another.
    run: (call) => {
      const { params, registry, context, pipeline } = call;
      const name = requireString(params, 'name');
      const tool = registry.tools.get(name);
      if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`);
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) {
        throw McpError.invalidParams('Invalid params: "arguments" must be an object');
      }
      const support = tool.spec.taskSupport ?? 'forbidden';
      // A tool that forbids tasks runs directly, unless the request asks for a task (its era refuses it).
      if (call.tasks !== undefined && (support !== 'forbidden' || params.task !== undefined)) {
        return callMaybeAsTask(call, tool, call.tasks);
      }
      if (support === 'required') {
        throw new McpError(ErrorCode.MethodNotFound, `Tool "${name}" must run as a task: add "task" to the request`);
      }
      return pipeline.run(tool, params.arguments, context) as Promise<JsonObject>;
    },
  },
};

/** The era decides whether the call runs as a task; guards decide first: a hidden tool is unknown, not a failed task. */
async function callMaybeAsTask(call: Call, tool: ToolComponent, tasks: TaskEra): Promise<JsonObject> {
  const { params, context, pipeline } = call;
  const admission = pipeline.admit(tool, context, params.arguments);
  if (admission !== undefined) await admission;
  const handle = await tasks.callTool(call, tool);
  if (handle) return handle;
  return (await pipeline.run(tool, params.arguments, context, undefined, true)) as JsonObject;
}

// A page object lives until its list changes, so its result (and the result's JSON) is built once.
const pageResults = new WeakMap<object, JsonObject>();
const perCallerResults = new WeakSet<JsonObject>();

export function pageResult(key: string, page: Page): JsonObject {
  let result = pageResults.get(page);
  if (!result) {
    result = page.nextCursor === undefined ? { [key]: page.items } : { [key]: page.items, nextCursor: page.nextCursor };
    pageResults.set(page, reusable(result));
    if (page.perCaller) perCallerResults.add(result);
  }
  return result;
}

/** A list page whose content depends on who asked (guards hide components): never cache it as shared. */
export function isPerCaller(result: JsonObject): boolean {
  return perCallerResults.has(result);
}
