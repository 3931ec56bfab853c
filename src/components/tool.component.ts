import { ErrorCode, McpError, ToolError } from '../core/protocol/mcp-error';
import type { Icon, ToolAnnotations } from '../metadata/types';
import { compileJsonSchema, formatViolations, type JsonSchema } from '../schema';
import type { Handler, HandlerContext, InputSpec } from './handler';

type ParsedInput = Awaited<ReturnType<InputSpec['parse']>>;

import { escapesTools, type Invocable, type Origin, type ToolMessages } from './invocable';
import { type ParamHeader, paramHeaders } from './param-headers';
import { type CallToolResult, errorResult, toToolResult } from './tool-result';

export type TaskSupport = 'forbidden' | 'optional' | 'required';

export interface ToolSpec {
  name: string;
  title?: string;
  description: string;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  taskSupport?: TaskSupport;
  input: InputSpec;
  outputSchema?: JsonSchema;
  handler: Handler;
  /** `Class.method`, or a name given at runtime, for messages. */
  owner: string;
  origin: Origin;
}

/** Protocol faults that must reach the client as JSON-RPC errors even when a tool raised them. */
const PROPAGATED = new Set<number>([ErrorCode.UrlElicitationRequired]);

/**
 * One tool: it describes itself for `tools/list` and supplies the steps of `tools/call` (validate,
 * run, map, recover) that the call pipeline runs with guards, interceptors and filters around them.
 */
export class ToolComponent implements Invocable<CallToolResult> {
  readonly kind = 'tool' as const;
  readonly name: string;
  readonly owner: string;
  readonly origin: Origin;
  readonly descriptor: Readonly<Record<string, unknown>>;
  /** Arguments 2026-07-28 HTTP clients mirror in `Mcp-Param-*` headers. */
  readonly headers: readonly ParamHeader[];
  private readonly checkOutput?: (value: unknown) => { message: string }[];

  constructor(readonly spec: ToolSpec) {
    this.name = spec.name;
    this.owner = spec.owner;
    this.origin = spec.origin;
    this.descriptor = Object.freeze(describe(spec));
    this.headers = paramHeaders(spec.input.schema);
    if (spec.outputSchema) this.checkOutput = compileJsonSchema(spec.outputSchema);
  }

  /** Not async: the validator's own promise, mapped once (an async wrapper would add a promise and a tick per call). */
  parse(raw: unknown): Promise<unknown> {
    return this.spec.input.parse(raw).then(this.accept);
  }

  private readonly accept = (input: ParsedInput): unknown => {
    if (input.ok) return input.value;
    throw new ToolError(`Invalid arguments for tool "${this.name}":\n${formatViolations(input.violations)}`);
  };

  invoke(args: unknown, ctx: HandlerContext): unknown {
    return this.spec.handler({ args, ctx });
  }

  toResult(value: unknown): CallToolResult {
    const result = toToolResult(value, this.checkOutput !== undefined);
    if (this.checkOutput && !result.isError) {
      const violations = this.checkOutput(result.structuredContent);
      if (violations.length > 0) {
        throw new Error(`output does not match its outputSchema: ${violations.map((v) => v.message).join('; ')}`);
      }
    }
    return result;
  }

  recover(error: unknown, ctx: HandlerContext, messages: ToolMessages): CallToolResult {
    if (escapesTools(error) || (error instanceof McpError && PROPAGATED.has(error.code))) throw error;
    // A cancelled call's failure is the cancellation itself, not a fault worth logging.
    if (ctx.signal.aborted && !(error instanceof ToolError)) return errorResult(`Tool "${this.name}" was cancelled`);
    return errorResult(messages.toToolMessage(error, this.name));
  }
}

function describe(spec: ToolSpec): Record<string, unknown> {
  const descriptor: Record<string, unknown> = { name: spec.name };
  if (spec.title !== undefined) descriptor.title = spec.title;
  descriptor.description = spec.description;
  descriptor.inputSchema = spec.input.schema;
  if (spec.outputSchema) descriptor.outputSchema = spec.outputSchema;
  if (spec.annotations) descriptor.annotations = spec.annotations;
  if (spec.icons) descriptor.icons = spec.icons;
  if (spec.taskSupport && spec.taskSupport !== 'forbidden') descriptor.execution = { taskSupport: spec.taskSupport };
  if (spec._meta) descriptor._meta = spec._meta;
  return descriptor;
}
