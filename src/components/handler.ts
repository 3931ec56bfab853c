import type { Violation } from '../schema';

/**
 * The context a user method receives: McpContext. Components sit below the context layer and may
 * not import it, so the context layer fills this interface in by declaration merging
 * (context/mcp-context.ts); everywhere the program is compiled, it is McpContext.
 */
// biome-ignore lint/suspicious/noEmptyInterface: completed by declaration merging from the context layer
export interface HandlerContext {}

/** What a bound method receives: the validated input, the context, and a template's URI variables. */
export interface Invocation {
  args: unknown;
  ctx: HandlerContext;
  uriParams?: Record<string, string | string[]>;
}

/** A user method with its parameters already bound; built once per method at start-up. */
export type Handler = (invocation: Invocation) => unknown;

/** How a component's input is advertised and checked: a DTO, a raw JSON Schema, or nothing. */
export interface InputSpec {
  schema: Record<string, unknown>;
  parse(raw: unknown): Promise<{ ok: true; value: unknown } | { ok: false; violations: Violation[] }>;
}
