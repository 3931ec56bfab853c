import { type ContentBlock, isContentBlock, text } from './content';

export interface CallToolResult {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Maps what a tool method returned to a CallToolResult: a string is text, content blocks pass
 * through, a result-shaped object is kept, and with an output schema an object becomes
 * `structuredContent` plus its JSON as text for clients that predate structured output.
 */
export function toToolResult(value: unknown, hasOutputSchema: boolean): CallToolResult {
  if (isCallToolResult(value)) return value;
  if (hasOutputSchema && isPlainObject(value)) {
    return { content: [text(JSON.stringify(value))], structuredContent: value };
  }
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string') return { content: [text(value)] };
  if (isContentBlock(value)) return { content: [value] };
  if (Array.isArray(value) && value.every(isContentBlock)) return { content: value };
  return { content: [text(JSON.stringify(value))] };
}

export function errorResult(message: string): CallToolResult {
  return { content: [text(message)], isError: true };
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return isPlainObject(value) && Array.isArray(value.content) && value.content.every(isContentBlock);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
