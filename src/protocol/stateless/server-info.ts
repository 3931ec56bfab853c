import type { JsonObject } from '../../core/protocol/json-rpc';
import type { ServerOptions } from '../../metadata/types';

/** The 2026-07-28 Implementation object: every field the server declared. */
export function fullServerInfo(server: ServerOptions): JsonObject {
  const info: JsonObject = { name: server.name, version: server.version };
  for (const key of ['title', 'description', 'websiteUrl', 'icons'] as const) {
    if (server[key] !== undefined) info[key] = server[key];
  }
  return info;
}
