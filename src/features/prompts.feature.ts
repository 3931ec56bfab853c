import { McpError } from '../protocol/mcp-error';
import { BOTH, type MethodSpec, requireString } from './method';
import { pageResult } from './tools.feature';

export const promptMethods: Record<string, MethodSpec> = {
  'prompts/list': {
    capability: 'prompts',
    eras: BOTH,
    cacheable: 'shared',
    run: async ({ params, registry }) => pageResult('prompts', registry.prompts.page(params.cursor)),
  },
  'prompts/get': {
    capability: 'prompts',
    eras: BOTH,
    interactive: true,
    run: async ({ params, registry, context }) => {
      const name = requireString(params, 'name');
      const prompt = registry.prompts.get(name);
      if (!prompt) throw McpError.invalidParams(`Unknown prompt: ${name}`);
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) {
        throw McpError.invalidParams('Invalid params: "arguments" must be an object of strings');
      }
      return { ...(await prompt.get(params.arguments, context)) };
    },
  },
};
