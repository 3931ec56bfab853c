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
      if (session && !session.subscriptions.has(uri)) refuseBeyondSubscriptionLimits(session.subscriptions, uri);
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

/**
 * What one session may subscribe to: a template matches endless URIs, and every subscription is kept
 * with the session (in Redis too, rewritten with each change), so both the count and the bytes are bounded.
 */
const SUBSCRIPTION_LIMITS = { maxSubscriptions: 1000, maxSubscribedUriChars: 256 * 1024 } as const;

function refuseBeyondSubscriptionLimits(subscribed: ReadonlySet<string>, uri: string): void {
  const { maxSubscriptions, maxSubscribedUriChars } = SUBSCRIPTION_LIMITS;
  if (subscribed.size >= maxSubscriptions) {
    throw new McpError(
      ErrorCode.InternalError,
      `This session already has ${maxSubscriptions} resource subscriptions; unsubscribe from some first`,
      { limit: 'maxSubscriptions', max: maxSubscriptions },
    );
  }
  let chars = uri.length;
  for (const each of subscribed) chars += each.length;
  if (chars > maxSubscribedUriChars) {
    throw new McpError(
      ErrorCode.InternalError,
      `This session's subscribed URIs would exceed ${maxSubscribedUriChars} characters; unsubscribe from some first`,
      { limit: 'maxSubscribedUriChars', max: maxSubscribedUriChars },
    );
  }
}
