/** How long a 2026-07-28 client may cache each kind of result, in milliseconds (`ttlMs`). */
export interface CacheHints {
  readonly listTtlMs: number;
  readonly readTtlMs: number;
  readonly discoverTtlMs: number;
}

export interface CacheOptions {
  listTtlMs?: number;
  readTtlMs?: number;
  discoverTtlMs?: number;
}

// Keyed by the engine's options object, which is fixed once the engine is built.
const hints = new WeakMap<object, CacheHints>();

/** The engine's cache hints with their defaults applied, worked out once per engine. */
export function cacheHintsOf(options: { readonly cache?: CacheOptions }): CacheHints {
  let known = hints.get(options);
  if (!known) {
    const cache = options.cache ?? {};
    known = Object.freeze({
      listTtlMs: cache.listTtlMs ?? 0,
      readTtlMs: cache.readTtlMs ?? 0,
      discoverTtlMs: cache.discoverTtlMs ?? 3_600_000,
    });
    hints.set(options, known);
  }
  return known;
}
