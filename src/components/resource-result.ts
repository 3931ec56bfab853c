import { type ResourceContents, toBase64 } from './content';

/**
 * Maps what a resource method returned to `resources/read` contents: text for strings, a base64
 * blob for bytes, JSON text for other values; contents objects pass through with `uri` filled in.
 */
export function toResourceContents(value: unknown, uri: string, mimeType?: string): ResourceContents[] {
  if (isObject(value) && Array.isArray(value.contents)) return value.contents.map((c) => fill(c, uri, mimeType));
  if (Array.isArray(value) && value.every(isContentsLike)) return value.map((c) => fill(c, uri, mimeType));
  if (isContentsLike(value)) return [fill(value, uri, mimeType)];
  return [single(value, uri, mimeType)];
}

function single(value: unknown, uri: string, mimeType?: string): ResourceContents {
  if (typeof value === 'string') return { uri, mimeType: mimeType ?? 'text/plain', text: value };
  if (value instanceof Uint8Array)
    return { uri, mimeType: mimeType ?? 'application/octet-stream', blob: toBase64(value) };
  return { uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(value ?? null) };
}

function fill(contents: Record<string, unknown>, uri: string, mimeType?: string): ResourceContents {
  const filled: Record<string, unknown> = { uri, ...contents };
  if (filled.mimeType === undefined && mimeType !== undefined) filled.mimeType = mimeType;
  if (filled.blob instanceof Uint8Array) filled.blob = toBase64(filled.blob);
  return filled as unknown as ResourceContents;
}

function isContentsLike(value: unknown): value is Record<string, unknown> {
  return isObject(value) && (typeof value.text === 'string' || 'blob' in value) && !('type' in value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
