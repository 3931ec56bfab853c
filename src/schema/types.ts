export type { Constructor, JsonSchema } from '../metadata/types';

/** One violated constraint. `path` is `location.lat` or `tags[0].name`, `''` for the root. */
export interface Violation {
  path: string;
  constraint: string;
  message: string;
}

/** A DTO that cannot be turned into the requested schema; the message names `Class.property`. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

/** A validated DTO instance, or every violated constraint. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };
