import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import { dtoToJsonSchema } from './dto-to-json-schema';
import type { Constructor } from './types';
import { type ClassPlan, type PropertyPlan, validationPlan } from './validation-plan';

/** A DTO's generated schema compiled by ajv, with the plan that builds the instance and runs residual checks. */
export interface CompiledDto {
  schema: ValidateFunction;
  plan: ClassPlan;
}

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<Constructor, CompiledDto | null>();

/**
 * The compiled form of a DTO, built on first use and kept; null when the DTO needs class-validator's own walk
 * (see validationPlan) or its schema does not compile (a @Matches pattern that is not valid in unicode mode).
 */
export function compiledDto(dto: Constructor): CompiledDto | null {
  let entry = compiled.get(dto);
  if (entry === undefined) {
    entry = compile(dto);
    compiled.set(dto, entry);
  }
  return entry;
}

function compile(dto: Constructor): CompiledDto | null {
  const plan = validationPlan(dto);
  if (!('compiled' in plan)) return null;
  ajv ??= createAjv();
  try {
    return { schema: ajv.compile(dtoToJsonSchema(dto)), plan: plan.compiled };
  } catch {
    return null;
  }
}

function createAjv(): Ajv2020 {
  const Ajv: typeof Ajv2020 = require('ajv/dist/2020').default;
  return new Ajv({
    // MCP schemas carry annotations ajv does not know (enumNames, x-mcp-header)
    strict: false,
    // class-validator's isNumber/isInt refuse NaN and Infinity, which JSON cannot carry but in-process callers can
    strictNumbers: true,
    // every format validator is a residual check: class-validator's own function decides, not a regex here
    validateFormats: false,
    // only accept/reject is read; the wording of a rejection is class-validator's
    allErrors: false,
  });
}

/**
 * After the schema accepted: class-validator's own functions for the constraints the schema only approximates,
 * run on the built instance exactly as class-validator would (each element for `each`, skipped by @IsOptional).
 * True, false, or a promise of it when a constraint is asynchronous.
 */
export function residualChecksPass(plan: ClassPlan, instance: Record<string, unknown>): boolean | Promise<boolean> {
  // allocated only when a constraint answers with a promise: the everyday call builds no array
  let pending: Promise<unknown>[] | undefined;
  for (const property of plan.checked) {
    const value = instance[property.name];
    if (property.optional && (value === null || value === undefined)) continue;
    if (property.residual.length > 0) {
      const passed = propertyPasses(plan, property, instance, value);
      if (passed === false) return false;
      if (passed !== true) pending = pending ? pending.concat(passed) : passed;
    }
    if (property.nested && value !== null && typeof value === 'object') {
      if (Array.isArray(value)) {
        for (const item of value) {
          if (item === null || typeof item !== 'object') continue;
          const passed = residualChecksPass(property.nested, item as Record<string, unknown>);
          if (passed === false) return false;
          if (passed !== true) pending = added(pending, refusing(passed));
        }
      } else {
        const passed = residualChecksPass(property.nested, value as Record<string, unknown>);
        if (passed === false) return false;
        if (passed !== true) pending = added(pending, refusing(passed));
      }
    }
  }
  if (pending === undefined) return true;
  return Promise.all(pending).then(
    (results) => results.every((ok) => ok !== false),
    () => false,
  );
}

function added(list: Promise<unknown>[] | undefined, verdict: Promise<unknown>): Promise<unknown>[] {
  if (list === undefined) return [verdict];
  list.push(verdict);
  return list;
}

/** A promised verdict that rejects on a refusal. */
function refusing(verdict: Promise<unknown>): Promise<unknown> {
  return verdict.then((ok) => ok || Promise.reject());
}

/** True, false on a synchronous refusal, or the promised verdicts of asynchronous constraints. */
function propertyPasses(
  plan: ClassPlan,
  property: PropertyPlan,
  instance: Record<string, unknown>,
  value: unknown,
): boolean | Promise<unknown>[] {
  let pending: Promise<unknown>[] | undefined;
  for (const { metadata, validate, surelyPasses } of property.residual) {
    const each = metadata.each === true && Array.isArray(value);
    if (surelyPasses && (each ? (value as unknown[]).every(surelyPasses) : surelyPasses(value))) continue;
    const ctor = instance.constructor;
    const args = {
      targetName: ctor === plan.dto ? plan.name : ctor?.name,
      property: metadata.propertyName,
      object: instance,
      value,
      constraints: metadata.constraints,
    };
    for (const check of validate) {
      if (each) {
        for (const item of value as unknown[]) {
          const result = check(item, args);
          if (result instanceof Promise) pending = added(pending, refusing(result));
          else if (!result) return false;
        }
      } else {
        const result = check(value, args);
        if (result instanceof Promise) pending = added(pending, refusing(result));
        else if (!result) return false;
      }
    }
  }
  return pending ?? true;
}
