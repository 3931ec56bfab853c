import type { HandlerContext } from './handler';
import type { Invocable, Origin } from './invocable';

export interface CompletionValues {
  values: string[];
  total?: number;
  hasMore?: boolean;
}

export type CompleteFn = (
  value: string,
  context: { arguments: Record<string, string>; ctx: HandlerContext },
) => unknown | Promise<unknown>;

/** What a completer receives: the argument being completed, its partial value, and the values already chosen. */
export interface CompletionArgs {
  argument: string;
  value: string;
  arguments: Record<string, string>;
}

/**
 * Completes one prompt argument or template variable: `ref` is `prompt:<name>` or
 * `resource:<uri template>`. It supplies the steps of `completion/complete` to the call pipeline.
 */
export class CompleterComponent implements Invocable<CompletionValues> {
  readonly kind = 'completion' as const;
  readonly name: string;

  constructor(
    readonly ref: string,
    readonly argument: string,
    private readonly fn: CompleteFn,
    readonly owner: string,
    readonly origin: Origin,
  ) {
    this.name = completerKey(ref, argument);
  }

  async parse(raw: unknown): Promise<unknown> {
    return raw;
  }

  invoke(args: unknown, ctx: HandlerContext): unknown {
    const { value, arguments: others } = args as CompletionArgs;
    return this.fn(value, { arguments: others, ctx });
  }

  toResult(value: unknown): CompletionValues {
    return normalize(value);
  }

  recover(error: unknown): CompletionValues {
    throw error;
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
