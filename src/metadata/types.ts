/** A JSON Schema (2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

export type Constructor<T = unknown> = new (...args: any[]) => T;

/** Schema annotations of one DTO property, recorded by `@Field`. */
export interface FieldOptions {
  description?: string;
  title?: string;
  default?: unknown;
  examples?: unknown[];
  /** Sets or overrides `format`. */
  format?: string;
  /** Value -> title: emits `oneOf [{const,title}]` (single value) or `items.anyOf` (array) instead of `enum`. */
  enumTitles?: Record<string, string>;
  /** Legacy titles: emits `enum` + `enumNames`, one name per value in the same order. */
  enumNames?: string[];
  /** Element or nested class when `design:type` cannot say it (arrays, cycles); an alternative to `@Type`. */
  type?: () => Constructor;
  /**
   * 2026-07-28 streamable HTTP: clients mirror this argument in an `Mcp-Param-{header}` header, so
   * gateways can route on it without reading the body (emits `x-mcp-header`). Primitives only.
   */
  header?: string;
}

export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

export interface ServerOptions {
  name: string;
  version: string;
  title?: string;
  description?: string;
  instructions?: string;
  icons?: Icon[];
  websiteUrl?: string;
}

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolOptions {
  /** Defaults to the method name. 1-128 characters of [A-Za-z0-9_.-]. */
  name?: string;
  title?: string;
  description: string;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /** A raw JSON Schema (advertised verbatim, validated by a JSON Schema validator) instead of a DTO parameter. */
  inputSchema?: JsonSchema;
  /** A DTO class (or raw JSON Schema) for the result: the tool then returns `structuredContent`. */
  outputSchema?: Constructor | JsonSchema;
  /** Whether clients may (optional) or must (required) run the tool as a task (2025-11-25). Default forbidden. */
  taskSupport?: 'forbidden' | 'optional' | 'required';
}

export interface ResourceOptions {
  /** Defaults to the method name. */
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: { audience?: ('user' | 'assistant')[]; priority?: number; lastModified?: string };
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

export interface PromptOptions {
  name?: string;
  title?: string;
  description: string;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/** What a `@Complete` method completes: a prompt argument or a resource-template variable. */
export type CompleteTarget = { prompt: string; argument: string } | { resource: string; argument: string };

export type MemberMetadata =
  | { kind: 'tool'; method: string; options: ToolOptions }
  | { kind: 'resource'; method: string; uri: string; options: ResourceOptions }
  | { kind: 'prompt'; method: string; options: PromptOptions }
  | { kind: 'complete'; method: string; target: CompleteTarget };

/** How one method parameter is bound; parameters without an explicit decorator are bound by type. */
export type ParamBinding = { kind: 'args' } | { kind: 'ctx' } | { kind: 'uriParam'; name: string };
