import type { McpContext } from '../context/mcp-context';
import type { Violation } from '../schema';

/** What a bound method receives: the validated input, the context, and a template's URI variables. */
export interface Invocation {
  args: unknown;
  ctx: McpContext;
  uriParams?: Record<string, string | string[]>;
}

/** A user method with its parameters already bound; built once per method at start-up. */
export type Handler = (invocation: Invocation) => unknown;

/** How a component's input is advertised and checked: a DTO, a raw JSON Schema, or nothing. */
export interface InputSpec {
  schema: Record<string, unknown>;
  parse(raw: unknown): Promise<{ ok: true; value: unknown } | { ok: false; violations: Violation[] }>;
}
