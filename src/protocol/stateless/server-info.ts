import type { JsonObject } from '../../core/protocol/json-rpc';
import { META } from '../../core/protocol/meta-keys';
import type { ServerOptions } from '../../metadata/types';

interface Stamp {
  /** The 2026-07-28 Implementation object: every field the server declared. */
  info: JsonObject;
  /** The `_meta` of a result that brings none of its own: nothing but the server info. */
  meta: JsonObject;
}

// Every 2026-07-28 result names the server; what it says is fixed when the server is declared.
const stamps = new WeakMap<ServerOptions, Stamp>();

function stampOf(server: ServerOptions): Stamp {
  let stamp = stamps.get(server);
  if (!stamp) {
    const info: JsonObject = { name: server.name, version: server.version };
    for (const key of ['title', 'description', 'websiteUrl', 'icons'] as const) {
      if (server[key] !== undefined) info[key] = server[key];
    }
    // Shared by every result from now on: frozen, so no one result can change what the others say.
    Object.freeze(info);
    stamp = { info, meta: Object.freeze({ [META.serverInfo]: info }) };
    stamps.set(server, stamp);
  }
  return stamp;
}

/** `_meta` for a result of this server: the result's own entries plus the server info. */
export function withServerInfo(server: ServerOptions, meta: JsonObject | undefined): JsonObject {
  const stamp = stampOf(server);
  if (meta === undefined) return stamp.meta;
  // Key by key, not `{ ...meta, [key]: info }`: in V8 (Node 20) a spread followed by another
  // property takes a slow path (~0.5 µs) and leaves a slower object behind.
  const merged: JsonObject = {};
  for (const key of Object.keys(meta)) {
    if (key === '__proto__')
      Object.defineProperty(merged, key, { value: meta[key], enumerable: true, writable: true, configurable: true });
    else merged[key] = meta[key];
  }
  merged[META.serverInfo] = stamp.info;
  return merged;
}
