/** Session-era revisions, oldest first: `initialize` negotiates one of these. */
export const SESSION_ERA_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;
/** The stateless revision: no handshake, the version travels in every request's `_meta`. */
export const STATELESS_ERA_VERSION = '2026-07-28';
export const LATEST_SESSION_VERSION = '2025-11-25';
/** What an HTTP request without `MCP-Protocol-Version` is assumed to speak (spec, 2025-06-18 transports). */
export const DEFAULT_HTTP_VERSION = '2025-03-26';

export type SessionEraVersion = (typeof SESSION_ERA_VERSIONS)[number];
export type ProtocolVersion = SessionEraVersion | typeof STATELESS_ERA_VERSION;

export const ALL_VERSIONS: readonly string[] = [...SESSION_ERA_VERSIONS, STATELESS_ERA_VERSION];

export function isSessionEraVersion(version: unknown): version is SessionEraVersion {
  return typeof version === 'string' && (SESSION_ERA_VERSIONS as readonly string[]).includes(version);
}

/** JSON-RPC batches exist only in 2025-03-26; every other revision refuses them. */
export function allowsBatches(version: string | undefined): boolean {
  return version === '2025-03-26';
}

/** Newer-or-equal comparison; revisions are ISO dates, so string order is date order. */
export function atLeast(version: string | undefined, min: string): boolean {
  return version !== undefined && version >= min;
}
