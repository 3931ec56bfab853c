import { ErrorCode, McpError } from '../protocol/mcp-error';
import { BOTH, type MethodSpec, requireString, SESSION_ONLY } from './method';
import { pageResult } from './tools.feature';

export const resourceMethods: Record<string, MethodSpec> = {
  'resources/list': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry }) => pageResult('resources', registry.resources.page(params.cursor)),
  },
  'resources/templates/list': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry }) => pageResult('resourceTemplates', registry.templates.page(params.cursor)),
  },
  'resources/read': {
    capability: 'resources',
    eras: BOTH,
    cacheable: 'per-user',
    interactive: true,
    run: async ({ params, registry, context }) => {
      const uri = requireString(params, 'uri');
      const found = registry.findResource(uri);
      if (!found) throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
      return { contents: await found.component.read(uri, found.params, context) };
    },
  },
  'resources/subscribe': {
    needsSession: true,
    capability: 'resources.subscribe',
    eras: SESSION_ONLY,
    run: async ({ params, registry, session }) => {
      const uri = requireString(params, 'uri');
      if (!registry.findResource(uri))
        throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
      session?.subscriptions.add(uri);
      return {};
    },
  },
  'resources/unsubscribe': {
    needsSession: true,
    capability: 'resources.subscribe',
    eras: SESSION_ONLY,
    run: async ({ params, session }) => {
      session?.subscriptions.delete(requireString(params, 'uri'));
      return {};
    },
  },
};
