import { compiledDto, residualChecksPass } from './compiled-validation';
import { validateReflectively } from './reflective-validation';
import type { Constructor, ValidationResult } from './types';
import { buildInstance } from './validation-plan';
import { NOT_AN_OBJECT } from './violations';

export type { ValidationResult } from './types';

/**
 * Plain JSON -> validated DTO instance. Unknown properties are violations, never silently dropped, so the
 * runtime agrees with the advertised `additionalProperties: false`.
 *
 * The DTO's generated schema, compiled once by ajv, accepts valid input and the instance is built straight
 * from it; class-validator's own functions run only for the constraints the schema cannot state exactly
 * (formats, lengths, patterns...). Anything the schema refuses, and DTOs it cannot describe at all, go
 * through class-validator's full walk, so verdicts and violation lines stay exactly class-validator's.
 */
export async function validateDto<T>(dto: Constructor<T>, plain: unknown): Promise<ValidationResult<T>> {
  const input = plain === undefined ? {} : plain;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, violations: [{ ...NOT_AN_OBJECT }] };
  }
  const compiled = compiledDto(dto);
  if (compiled?.schema(input)) {
    const value = buildInstance(compiled.plan, input) as Record<string, unknown>;
    const passed = residualChecksPass(compiled.plan, value);
    if (passed === true || (passed !== false && (await passed))) return { ok: true, value: value as T };
  }
  return validateReflectively(dto, input);
}
