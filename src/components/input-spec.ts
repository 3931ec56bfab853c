import type { Constructor } from '../metadata/types';
import { compileJsonSchema, dtoToJsonSchema, type JsonSchema, validateDto } from '../schema';
import type { InputSpec } from './handler';

const EMPTY_SCHEMA = Object.freeze({ type: 'object', properties: {} });

export function dtoInput(dto: Constructor): InputSpec {
  return { schema: dtoToJsonSchema(dto), parse: (raw) => validateDto(dto, raw ?? {}) };
}

/** A raw JSON Schema is advertised verbatim, `$schema`, `$defs` and all, and checked by a real validator. */
export function jsonSchemaInput(schema: JsonSchema): InputSpec {
  const check = compileJsonSchema(schema);
  return {
    schema,
    parse: async (raw) => {
      const value = raw ?? {};
      const violations = check(value);
      return violations.length === 0 ? { ok: true, value } : { ok: false, violations };
    },
  };
}

/** A method without input: any arguments object is accepted and ignored, a non-object is refused. */
export function noInput(): InputSpec {
  return {
    schema: EMPTY_SCHEMA,
    parse: async (raw) =>
      raw === undefined || (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
        ? { ok: true, value: undefined }
        : { ok: false, violations: [{ path: '', constraint: 'type', message: 'arguments must be an object' }] },
  };
}

/** The input of a tool or prompt: a DTO class, a raw JSON Schema, or nothing. */
export function inputSpec(source: Constructor | JsonSchema | undefined): InputSpec {
  if (source === undefined) return noInput();
  return typeof source === 'function' ? dtoInput(source) : jsonSchemaInput(source);
}
