import type { McpContext } from '../context/mcp-context';
import type { Icon, ToolAnnotations } from '../metadata/types';
import type { ErrorFunnel } from '../protocol/error-funnel';
import { ErrorCode, McpError } from '../protocol/mcp-error';
import { compileJsonSchema, formatViolations, type JsonSchema } from '../schema';
import type { Handler, InputSpec } from './handler';
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
}

/** Protocol faults that must reach the client as JSON-RPC errors even when a tool raised them. */
const PROPAGATED = new Set<number>([ErrorCode.UrlElicitationRequired]);

/** One tool: it describes itself for `tools/list` and runs itself for `tools/call`. */
export class ToolComponent {
  readonly name: string;
  readonly descriptor: Readonly<Record<string, unknown>>;
  /** Arguments 2026-07-28 HTTP clients mirror in `Mcp-Param-*` headers. */
  readonly headers: ParamHeader[];
  private readonly checkOutput?: (value: unknown) => { message: string }[];

  constructor(readonly spec: ToolSpec) {
    this.name = spec.name;
    this.descriptor = Object.freeze(describe(spec));
    this.headers = paramHeaders(spec.input.schema);
    if (spec.outputSchema) this.checkOutput = compileJsonSchema(spec.outputSchema);
  }

  async call(rawArgs: unknown, ctx: McpContext, errors: ErrorFunnel): Promise<CallToolResult> {
    const input = await this.spec.input.parse(rawArgs);
    if (!input.ok) {
      return errorResult(`Invalid arguments for tool "${this.name}":\n${formatViolations(input.violations)}`);
    }
    let value: unknown;
    try {
      value = await this.spec.handler({ args: input.value, ctx });
    } catch (error) {
      if (mustPropagate(error, ctx)) throw error;
      // A cancelled call's failure is the cancellation itself, not a fault worth logging.
      if (ctx.signal.aborted) return errorResult(`Tool "${this.name}" was cancelled`);
      return errorResult(errors.toToolMessage(error, this.name));
    }
    const result = toToolResult(value, this.checkOutput !== undefined);
    if (this.checkOutput && !result.isError) {
      const violations = this.checkOutput(result.structuredContent);
      if (violations.length > 0) {
        const detail = violations.map((v) => v.message).join('; ');
        return errorResult(
          errors.toToolMessage(new Error(`output does not match its outputSchema: ${detail}`), this.name),
        );
      }
    }
    return result;
  }
}

/** In the stateless era a missing client capability is a protocol error the client must see (-32021). */
function mustPropagate(error: unknown, ctx: McpContext): boolean {
  if (!(error instanceof McpError)) return isControlFlow(error);
  if (PROPAGATED.has(error.code)) return true;
  return ctx.era === 'stateless' && error.code === ErrorCode.MissingRequiredClientCapability;
}

/** Signals used for control flow (MRTR's input-required, cancellation) must never become tool errors. */
function isControlFlow(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { controlFlow?: boolean }).controlFlow === true;
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
