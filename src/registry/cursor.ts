import { McpError } from '../core/protocol/mcp-error';

/**
 * Cursors are opaque to clients but must still be checked: a forged or stale one is -32602.
 * They carry the offset and the list's version, so a page asked for after a change is refused
 * rather than silently skipping or repeating items. The version is derived from what the list
 * holds (never a per-process counter), so a cursor from one instance is good on every instance
 * that serves the same list.
 */
export function encodeCursor(offset: number, version: string | number): string {
  return Buffer.from(`${version}:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: unknown, version: string | number, size: number): number {
  if (cursor === undefined) return 0;
  const match =
    typeof cursor === 'string' ? /^([\w-]+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (!match) throw McpError.invalidParams('Invalid cursor');
  const [, cursorVersion, offset] = match;
  if (cursorVersion !== String(version)) {
    throw McpError.invalidParams('Invalid cursor: the list changed since it was issued; list again from the start');
  }
  if (Number(offset) > size) throw McpError.invalidParams('Invalid cursor');
  return Number(offset);
}
