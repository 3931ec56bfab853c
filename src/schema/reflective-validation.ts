import { plainToInstance, type TargetMap } from 'class-transformer';
import { type ValidatorOptions, validate } from 'class-validator';
import { readDto } from './schema-metadata';
import type { Constructor, ValidationResult } from './types';
import { rememberValidationMetadata } from './validation-metadata-memo';
import { flattenValidationErrors } from './violations';

const VALIDATOR_OPTIONS: ValidatorOptions = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
});

interface Plan {
  empty: boolean;
  targetMaps: TargetMap[];
}

const plans = new WeakMap<Constructor, Plan>();

/**
 * class-validator's own walk: plainToInstance, then validate. The reference behaviour, and the path for
 * what the compiled schema cannot decide (rejections, whose wording is class-validator's, and DTOs using
 * @ValidateIf, groups, @Transform...). Its metadata lookups are remembered (validation-metadata-memo.ts),
 * so its cost does not grow with the number of DTO classes in the process.
 */
export async function validateReflectively<T>(dto: Constructor<T>, input: object): Promise<ValidationResult<T>> {
  rememberValidationMetadata();
  const plan = planFor(dto);
  if (plan.empty) {
    // class-validator reports "unknown value" for classes without metadata, so a property-less DTO is handled here
    const extra = Object.keys(input);
    if (extra.length === 0) return { ok: true, value: plainToInstance(dto, {}) };
    return {
      ok: false,
      violations: extra.map((key) => ({
        path: key,
        constraint: 'whitelistValidation',
        message: `property ${key} should not exist`,
      })),
    };
  }
  const value = plainToInstance(dto, input, { enableImplicitConversion: false, targetMaps: plan.targetMaps });
  const errors = await validate(value as object, VALIDATOR_OPTIONS);
  if (errors.length === 0) return { ok: true, value };
  return { ok: false, violations: flattenValidationErrors(errors) };
}

function planFor(dto: Constructor): Plan {
  let plan = plans.get(dto);
  if (!plan) {
    plan = { empty: readDto(dto).properties.length === 0, targetMaps: collectTargetMaps(dto) };
    plans.set(dto, plan);
  }
  return plan;
}

/**
 * Without implicit conversion class-transformer builds nested classes only from @Type; the target maps let
 * `design:type` and `@Field({ type })` do the same, so the nested values are real DTOs class-validator can check.
 */
function collectTargetMaps(root: Constructor): TargetMap[] {
  const maps: TargetMap[] = [];
  const seen = new Set<Constructor>();
  const visit = (dto: Constructor) => {
    if (seen.has(dto)) return;
    seen.add(dto);
    const properties: Record<string, Constructor> = {};
    for (const property of readDto(dto).properties) {
      if (property.instantiate) properties[property.name] = property.instantiate;
      if (property.nested) visit(property.nested);
    }
    if (Object.keys(properties).length > 0) maps.push({ target: dto, properties });
  };
  visit(root);
  return maps;
}
