import { McpError } from '../core/protocol/mcp-error';
import { BOTH, type MethodSpec, requireString } from './method';
import { pageResult } from './tools.feature';

export const promptMethods: Record<string, MethodSpec> = {
  'prompts/list': {
    capability: 'prompts',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry, pipeline, context }) =>
      pageResult('prompts', await pipeline.page(registry.prompts, params.cursor, context)),
  },
  'prompts/get': {
    capability: 'prompts',
    eras: BOTH,
    interactive: true,
    run: async ({ params, registry, context, pipeline }) => {
      const name = requireString(params, 'name');
      const prompt = registry.prompts.get(name);
      if (!prompt) throw McpError.invalidParams(`Unknown prompt: ${name}`);
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) {
        throw McpError.invalidParams('Invalid params: "arguments" must be an object of strings');
      }
      return { ...(await pipeline.run(prompt, params.arguments, context)) };
    },
  },
};
