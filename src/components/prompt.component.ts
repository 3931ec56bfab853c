import { McpError } from '../core/protocol/mcp-error';
import type { Icon } from '../metadata/types';
import { formatViolations } from '../schema';
import type { Handler, HandlerContext, InputSpec } from './handler';
import type { Invocable, Origin } from './invocable';
import { type PromptMessage, toPromptResult } from './prompt-result';

export interface PromptArgument {
  name: string;
  title?: string;
  description?: string;
  required?: boolean;
}

export interface PromptSpec {
  name: string;
  title?: string;
  description: string;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  input: InputSpec;
  handler: Handler;
  owner: string;
  origin: Origin;
}

export interface PromptResult {
  description?: string;
  messages: PromptMessage[];
}

/**
 * One prompt: its arguments come from the DTO's schema, so they are advertised and checked alike;
 * it supplies the steps of `prompts/get` to the call pipeline.
 */
export class PromptComponent implements Invocable<PromptResult> {
  readonly kind = 'prompt' as const;
  readonly name: string;
  readonly owner: string;
  readonly origin: Origin;
  readonly arguments: PromptArgument[];
  readonly descriptor: Readonly<Record<string, unknown>>;

  constructor(readonly spec: PromptSpec) {
    this.name = spec.name;
    this.owner = spec.owner;
    this.origin = spec.origin;
    this.arguments = argumentsOf(spec.input.schema);
    const descriptor: Record<string, unknown> = { name: spec.name };
    if (spec.title !== undefined) descriptor.title = spec.title;
    descriptor.description = spec.description;
    if (this.arguments.length > 0) descriptor.arguments = this.arguments;
    if (spec.icons) descriptor.icons = spec.icons;
    if (spec._meta) descriptor._meta = spec._meta;
    this.descriptor = Object.freeze(descriptor);
  }

  async parse(raw: unknown): Promise<unknown> {
    const input = await this.spec.input.parse(raw);
    if (input.ok) return input.value;
    throw McpError.invalidParams(
      `Invalid arguments for prompt "${this.name}":\n${formatViolations(input.violations)}`,
      { violations: input.violations },
    );
  }

  invoke(args: unknown, ctx: HandlerContext): unknown {
    return this.spec.handler({ args, ctx });
  }

  toResult(value: unknown): PromptResult {
    return toPromptResult(value);
  }

  recover(error: unknown): PromptResult {
    throw error;
  }

  /** Enum-typed arguments complete themselves. */
  enumValues(argument: string): string[] | undefined {
    const property = (this.spec.input.schema.properties as Record<string, Record<string, unknown>> | undefined)?.[
      argument
    ];
    return Array.isArray(property?.enum) ? property.enum.map(String) : undefined;
  }
}

function argumentsOf(schema: Record<string, unknown>): PromptArgument[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const argument: PromptArgument = { name };
    if (typeof property.title === 'string') argument.title = property.title;
    if (typeof property.description === 'string') argument.description = property.description;
    argument.required = required.has(name);
    return argument;
  });
}
