import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { BOTH, type MethodSpec, requireString, SESSION_ONLY } from './method';
import { pageResult } from './tools.feature';

export const resourceMethods: Record<string, MethodSpec> = {
  'resources/list': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry, pipeline, context }) =>
      pageResult('resources', await pipeline.page(registry.resources, params.cursor, context)),
  },
  'resources/templates/list': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry, pipeline, context }) =>
      pageResult('resourceTemplates', await pipeline.page(registry.templates, params.cursor, context)),
  },
  'resources/read': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'per-user',
    interactive: true,
    run: async ({ params, registry, context, pipeline }) => {
      const uri = requireString(params, 'uri');
      const found = registry.findResource(uri);
      if (!found) throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
      return { contents: await pipeline.run(found.component, found.params, context, { uri }) };
    },
  },
  'resources/subscribe': {
    needsSession: true,
    capability: 'resources.subscribe',
    eras: SESSION_ONLY,
    run: async ({ params, registry, session, pipeline, context }) => {
      const uri = requireString(params, 'uri');
      const found = registry.findResource(uri);
      if (!found || !(await pipeline.visible(found.component, context)))
        throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
      await session?.update({ subscribe: [uri] });
      return {};
    },
  },
  'resources/unsubscribe': {
    needsSession: true,
    capability: 'resources.subscribe',
    eras: SESSION_ONLY,
    run: async ({ params, session }) => {
      await session?.update({ unsubscribe: [requireString(params, 'uri')] });
      return {};
    },
  },
};
