import type { McpContext } from '../context/mcp-context';

export interface CompletionValues {
  values: string[];
  total?: number;
  hasMore?: boolean;
}

export type CompleteFn = (
  value: string,
  context: { arguments: Record<string, string>; ctx: McpContext },
) => unknown | Promise<unknown>;

/** Completes one prompt argument or template variable: `ref` is `prompt:<name>` or `resource:<uri template>`. */
export class CompleterComponent {
  constructor(
    readonly ref: string,
    readonly argument: string,
    private readonly fn: CompleteFn,
    readonly owner: string,
  ) {}

  async complete(value: string, args: Record<string, string>, ctx: McpContext): Promise<CompletionValues> {
    return normalize(await this.fn(value, { arguments: args, ctx }));
  }
}

/** The spec caps a completion at 100 values; the rest is reported through `total` and `hasMore`. */
export function normalize(result: unknown): CompletionValues {
  const all = Array.isArray(result)
    ? result.map(String)
    : Array.isArray((result as CompletionValues)?.values)
      ? (result as CompletionValues).values.map(String)
      : [];
  const values = all.slice(0, 100);
  const given: Partial<CompletionValues> = Array.isArray(result) ? {} : (result as CompletionValues);
  return {
    values,
    total: given.total ?? all.length,
    hasMore: given.hasMore ?? all.length > values.length,
  };
}

export const completerKey = (ref: string, argument: string): string => `${ref}#${argument}`;
