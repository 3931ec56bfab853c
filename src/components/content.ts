/** MCP content blocks and the helpers that build them from plain values. */
export interface Annotations {
  audience?: ('user' | 'assistant')[];
  priority?: number;
  lastModified?: string;
}

export interface TextContent {
  type: 'text';
  text: string;
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}
export interface ImageContent {
  type: 'image';
  data: string;
  mimeType: string;
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}
export interface AudioContent {
  type: 'audio';
  data: string;
  mimeType: string;
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}
export interface ResourceLink {
  type: 'resource_link';
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}
export type ResourceContents =
  | { uri: string; mimeType?: string; text: string; _meta?: Record<string, unknown> }
  | { uri: string; mimeType?: string; blob: string; _meta?: Record<string, unknown> };
export interface EmbeddedResource {
  type: 'resource';
  resource: ResourceContents;
  annotations?: Annotations;
  _meta?: Record<string, unknown>;
}

export type ContentBlock = TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource_link', 'resource']);

export function isContentBlock(value: unknown): value is ContentBlock {
  return typeof value === 'object' && value !== null && CONTENT_TYPES.has((value as { type?: string }).type ?? '');
}

export function toBase64(data: string | Uint8Array): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

export const text = (value: string, annotations?: Annotations): TextContent =>
  annotations ? { type: 'text', text: value, annotations } : { type: 'text', text: value };

/** `data` is base64 already when a string, raw bytes otherwise. */
export const image = (data: string | Uint8Array, mimeType: string): ImageContent => ({
  type: 'image',
  data: toBase64(data),
  mimeType,
});

export const audio = (data: string | Uint8Array, mimeType: string): AudioContent => ({
  type: 'audio',
  data: toBase64(data),
  mimeType,
});

export const resourceLink = (link: Omit<ResourceLink, 'type'>): ResourceLink => ({ type: 'resource_link', ...link });

/** An embedded resource: give `text` or `blob` (bytes or base64). */
export function embeddedResource(resource: {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string | Uint8Array;
}): EmbeddedResource {
  const { uri, mimeType } = resource;
  const body = resource.blob !== undefined ? { blob: toBase64(resource.blob) } : { text: resource.text ?? '' };
  return { type: 'resource', resource: mimeType ? { uri, mimeType, ...body } : { uri, ...body } };
}
