import { type CompletionArgs, normalize } from '../components/completer.component';
import type { JsonObject } from '../core/protocol/json-rpc';
import { McpError } from '../core/protocol/mcp-error';
import { BOTH, type Call, type MethodSpec } from './method';

export const completionMethods: Record<string, MethodSpec> = {
  'completion/complete': {
    capability: 'completions',
    eras: BOTH,
    run: async (call) => ({ completion: { ...(await complete(call)) } }),
  },
};

async function complete({ params, registry, context, pipeline }: Call): Promise<JsonObject> {
  const ref = params.ref as { type?: string; name?: string; uri?: string } | undefined;
  const argument = params.argument as { name?: unknown; value?: unknown } | undefined;
  if (typeof argument?.name !== 'string' || typeof argument.value !== 'string') {
    throw McpError.invalidParams('Invalid params: "argument" must be { name: string, value: string }');
  }
  const others = ((params.context as JsonObject | undefined)?.arguments ?? {}) as Record<string, string>;
  let key: string;
  let enumValues: string[] | undefined;
  if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
    const prompt = registry.prompts.get(ref.name);
    // A prompt the caller may not see completes nothing: it is as unknown as it is in prompts/list.
    if (!prompt || !(await pipeline.visible(prompt, context)))
      throw McpError.invalidParams(`Unknown prompt: ${ref.name}`);
    key = `prompt:${ref.name}`;
    enumValues = prompt.enumValues(argument.name);
  } else if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') {
    const resource = registry.templates.get(ref.uri) ?? registry.resources.get(ref.uri);
    if (!resource || !(await pipeline.visible(resource, context))) {
      throw McpError.invalidParams(`Unknown resource template: ${ref.uri}`);
    }
    key = `resource:${ref.uri}`;
  } else {
    throw McpError.invalidParams('Invalid params: "ref" must be a ref/prompt with a name or a ref/resource with a uri');
  }
  const completer = registry.completer(key, argument.name);
  if (completer) {
    const args: CompletionArgs = { argument: argument.name, value: argument.value, arguments: others };
    return { ...(await pipeline.run(completer, args, context)) };
  }
  const prefix = argument.value.toLowerCase();
  return { ...normalize((enumValues ?? []).filter((value) => value.toLowerCase().startsWith(prefix))) };
}
