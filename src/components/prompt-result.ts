import { type ContentBlock, isContentBlock, text } from './content';

export interface PromptMessage {
  role: 'user' | 'assistant';
  content: ContentBlock;
}

export const user = (content: ContentBlock | string): PromptMessage => ({ role: 'user', content: block(content) });
export const assistant = (content: ContentBlock | string): PromptMessage => ({
  role: 'assistant',
  content: block(content),
});

/**
 * Maps what a prompt method returned to `prompts/get` messages: a string or a content block is one
 * user message; arrays may mix messages, strings and blocks; `{ messages, description }` passes.
 */
export function toPromptResult(value: unknown): { description?: string; messages: PromptMessage[] } {
  if (isObject(value) && Array.isArray(value.messages)) {
    const description = typeof value.description === 'string' ? value.description : undefined;
    const messages = value.messages.map(toMessage);
    return description === undefined ? { messages } : { description, messages };
  }
  return { messages: (Array.isArray(value) ? value : [value]).map(toMessage) };
}

function toMessage(item: unknown): PromptMessage {
  if (isObject(item) && (item.role === 'user' || item.role === 'assistant') && isContentBlock(item.content)) {
    return item as unknown as PromptMessage;
  }
  if (typeof item === 'string' || isContentBlock(item)) return user(item);
  throw new TypeError(`a prompt must return strings, content blocks or { role, content } messages, got ${typeof item}`);
}

function block(content: ContentBlock | string): ContentBlock {
  return typeof content === 'string' ? text(content) : content;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
