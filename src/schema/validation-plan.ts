import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { ClassTransformerMetadata } from '../metadata/class-transformer-metadata';
import { type SurelyPasses, surelyPassesFor } from './format-fast-paths';
import { propertySchema } from './property-schema';
import { type DtoProperty, isUserClass, readDto, type ValidatorMetadata } from './schema-metadata';
import type { Constructor, JsonSchema } from './types';

/** A class-validator constraint the schema cannot express exactly, checked by class-validator's own function. */
export interface ResidualCheck {
  metadata: ValidatorMetadata;
  validate: ((value: unknown, args: object) => unknown)[];
  /** Accepts common values class-validator's function surely accepts, without calling it (format-fast-paths.ts). */
  surelyPasses?: SurelyPasses;
}

/** How one accepted property value becomes the value plainToInstance would have built. */
export type Convert = (value: unknown) => unknown;

export interface PropertyPlan {
  name: string;
  convert: Convert;
  /** @IsOptional: class-validator skips every check of a null or undefined value. */
  optional: boolean;
  residual: ResidualCheck[];
  nested?: ClassPlan;
}

/**
 * One DTO class, ready for the compiled path: the JSON Schema decides everything except the residual
 * checks, and the instance is built from the plain value directly.
 */
export interface ClassPlan {
  dto: Constructor;
  /** `dto.name`, read once: class-validator's `targetName` for an instance built by `new dto()`. */
  name: string;
  properties: Map<string, PropertyPlan>;
  /** Properties with residual checks or nested DTOs, the only ones looked at after the schema accepted. */
  checked: PropertyPlan[];
}

/** The plan, or why this DTO keeps class-validator's full reflective walk on every call. */
export type ValidationPlan = { compiled: ClassPlan } | { reflective: string };

const plans = new WeakMap<Constructor, ValidationPlan>();

export function validationPlan(dto: Constructor): ValidationPlan {
  let plan = plans.get(dto);
  if (!plan) {
    plan = buildPlan(dto);
    plans.set(dto, plan);
  }
  return plan;
}

class Unsupported extends Error {}

function buildPlan(root: Constructor): ValidationPlan {
  try {
    return { compiled: planClass(root, new Map()) };
  } catch (error) {
    if (error instanceof Unsupported) return { reflective: error.message };
    throw error;
  }
}

function planClass(dto: Constructor, done: Map<Constructor, ClassPlan>): ClassPlan {
  const existing = done.get(dto);
  if (existing) return existing;
  const shape = readDto(dto);
  // class-validator answers "an unknown value was passed" for a class without metadata, and refuses every
  // call while an undecorated field exists: only its own walk says that the same way
  if (shape.properties.length === 0) throw new Unsupported(`${dto.name} has no validated property`);
  if (shape.undecorated.length > 0) throw new Unsupported(`${dto.name}.${shape.undecorated[0]} has no decorator`);
  if (ClassTransformerMetadata.reshapesClass(dto)) throw new Unsupported(`${dto.name} has @Expose/@Exclude`);
  const plan: ClassPlan = { dto, name: dto.name, properties: new Map(), checked: [] };
  done.set(dto, plan);
  for (const property of shape.properties) {
    const planned = planProperty(property, done);
    plan.properties.set(property.name, planned);
    if (planned.residual.length > 0 || planned.nested) plan.checked.push(planned);
  }
  return plan;
}

function planProperty(property: DtoProperty, done: Map<Constructor, ClassPlan>): PropertyPlan {
  const where = `${property.owner.name}.${property.name}`;
  if (ClassTransformerMetadata.reshapes(property.owner, property.name)) {
    throw new Unsupported(`${where} has @Transform/@Expose/@Exclude`);
  }
  if (property.designType === Set || property.designType === Map) throw new Unsupported(`${where} is a Set or Map`);
  if (hasAccessor(property.owner, property.name)) throw new Unsupported(`${where} is an accessor or method`);
  const schema = propertySchema(property, () => ({}));
  const residual: ResidualCheck[] = [];
  let optional = false;
  for (const metadata of property.validators) {
    const kind = classify(metadata, schema);
    if (kind === 'isOptional') optional = true;
    if (kind === 'residual') residual.push(residualCheck(metadata));
  }
  const nested = property.nested ? planClass(property.nested, done) : undefined;
  return { name: property.name, convert: converter(property, nested, where), optional, residual, nested };
}

type Kind = 'schema' | 'isOptional' | 'residual';

/** Which validators the generated schema enforces by itself; anything else is a residual check or unsupported. */
function classify(m: ValidatorMetadata, schema: JsonSchema): Kind {
  const where = `${m.target instanceof Function ? m.target.name : m.target}.${m.propertyName}`;
  if (m.groups?.length || m.always !== undefined || m.validateIf) {
    throw new Unsupported(`${where} uses validation groups, "always" or "validateIf"`);
  }
  switch (m.type) {
    case ValidationTypes.NESTED_VALIDATION:
    case ValidationTypes.WHITELIST:
      return 'schema';
    case ValidationTypes.CONDITIONAL_VALIDATION:
      if (m.name === 'isOptional') return 'isOptional';
      throw new Unsupported(`${where} uses @ValidateIf`);
    case ValidationTypes.IS_DEFINED:
      return 'residual';
    case ValidationTypes.CUSTOM_VALIDATION:
      return enforcedBySchema(m, m.each ? ((schema.items as JsonSchema | undefined) ?? {}) : schema)
        ? 'schema'
        : 'residual';
    default:
      throw new Unsupported(`${where} uses ${m.type}`);
  }
}

/**
 * True only where ajv accepting the value implies class-validator's check passes on it. A schema keyword may be
 * stricter than the validator (class-validator then decides on the reflective path), never looser.
 */
function enforcedBySchema(m: ValidatorMetadata, s: JsonSchema): boolean {
  const [first, second] = m.constraints ?? [];
  const numeric = s.type === 'number' || s.type === 'integer';
  switch (m.name) {
    case 'isString':
      return s.type === 'string';
    case 'isInt':
      return s.type === 'integer';
    case 'isNumber':
      return numeric && plainNumberOptions(first);
    case 'isBoolean':
      return s.type === 'boolean';
    case 'isArray':
      return s.type === 'array';
    case 'isObject':
      return s.type === 'object';
    case 'isIn':
      return sameValues(allowedValues(s), first);
    case 'isEnum':
      return sameValues(allowedValues(s), second);
    case 'equals':
      return isPrimitive(first) && s.const === first;
    case 'min':
      return numeric && typeof first === 'number' && typeof s.minimum === 'number' && s.minimum >= first;
    case 'max':
      return numeric && typeof first === 'number' && typeof s.maximum === 'number' && s.maximum <= first;
    case 'isPositive':
      return numeric && typeof s.exclusiveMinimum === 'number' && s.exclusiveMinimum >= 0;
    case 'isNegative':
      return numeric && typeof s.exclusiveMaximum === 'number' && s.exclusiveMaximum <= 0;
    case 'arrayMinSize':
      return s.type === 'array' && typeof first === 'number' && ((s.minItems as number | undefined) ?? 0) >= first;
    case 'arrayMaxSize':
      return s.type === 'array' && typeof first === 'number' && typeof s.maxItems === 'number' && s.maxItems <= first;
    case 'arrayNotEmpty':
      return s.type === 'array' && ((s.minItems as number | undefined) ?? 0) >= 1;
    case 'arrayUnique':
      // the schema's deep equality is stricter than class-validator's ===, which is the safe side
      return s.type === 'array' && s.uniqueItems === true && first === undefined;
    default:
      return false;
  }
}

function plainNumberOptions(options: unknown): boolean {
  if (options === undefined) return true;
  const { maxDecimalPlaces } = options as { maxDecimalPlaces?: number };
  // NaN and Infinity are refused by the schema (ajv strictNumbers) whatever allowNaN/allowInfinity say: stricter
  return maxDecimalPlaces === undefined;
}

function allowedValues(s: JsonSchema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  const choices = (s.oneOf ?? s.anyOf) as { const: unknown }[] | undefined;
  return Array.isArray(choices) ? choices.map((choice) => choice.const) : undefined;
}

function sameValues(advertised: unknown[] | undefined, constraint: unknown): boolean {
  if (!advertised || !Array.isArray(constraint) || !constraint.every(isPrimitive)) return false;
  return advertised.length === constraint.length && advertised.every((value) => constraint.includes(value));
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function residualCheck(metadata: ValidatorMetadata): ResidualCheck {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  return {
    metadata,
    validate: constraints.map((c) => (value, args) => c.instance.validate(value, args as never)),
    surelyPasses: surelyPassesFor(metadata, constraints),
  };
}

function hasAccessor(dto: Constructor, name: string): boolean {
  for (let proto = dto.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.getOwnPropertyDescriptor(proto, name)) return true;
  }
  return false;
}

/** Mirrors class-transformer's plainToInstance (no implicit conversion) for values the schema accepted. */
function converter(property: DtoProperty, nested: ClassPlan | undefined, where: string): Convert {
  const type = property.declaredType ?? property.instantiate;
  let one: Convert;
  if (nested && type === property.nested) one = (value) => buildInstance(nested, value);
  else if (type === undefined) one = copyPlain;
  else if (type === String) one = (value) => (value == null ? value : String(value));
  else if (type === Number) one = (value) => (value == null ? value : Number(value));
  else if (type === Boolean) one = (value) => (value == null ? value : Boolean(value));
  else if (type === Date) one = toDate;
  else if (isUserClass(type)) throw new Unsupported(`${where} is built as ${type.name} without @ValidateNested`);
  else throw new Unsupported(`${where} has @Type of ${String(type)}`);
  return (value) => (Array.isArray(value) ? value.map(one) : one(value));
}

function toDate(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.valueOf());
  if (value === null || value === undefined) return value;
  return new Date(value as string);
}

/** class-transformer copies untyped objects and arrays key by key, skipping the keys it never writes. */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!skipsKey(copy, key)) copy[key] = copyPlain((value as Record<string, unknown>)[key]);
  }
  return copy;
}

/**
 * Keys plainToInstance leaves out of what it builds: `__proto__`, `constructor`, and any key the new object
 * already has as a method or a read-only accessor of its class (`toString`, `valueOf`... on plain objects).
 */
function skipsKey(target: object, key: string): boolean {
  if (key === '__proto__' || key === 'constructor') return true;
  const descriptor = Object.getOwnPropertyDescriptor(target.constructor.prototype, key);
  return (descriptor !== undefined && !descriptor.set) || (target as Record<string, unknown>)[key] instanceof Function;
}

/** The DTO instance plainToInstance would build: `new Dto()` (initializers are defaults), then each given key. */
export function buildInstance(plan: ClassPlan, plain: unknown): unknown {
  if (plain === null || typeof plain !== 'object') return plain;
  const instance = new plan.dto() as Record<string, unknown>;
  // A planned property is no accessor or method anywhere on the class's prototypes (planProperty), so on an
  // instance of the class itself only an initializer's function value can make plainToInstance skip it
  // (and the name `__proto__`, which skipsKey refuses).
  const own = instance.constructor === plan.dto;
  for (const key of Object.keys(plain)) {
    const value = (plain as Record<string, unknown>)[key];
    const property = plan.properties.get(key);
    if (property && own && key !== '__proto__') {
      if (!(instance[key] instanceof Function)) instance[key] = property.convert(value);
    } else if (!skipsKey(instance, key)) {
      instance[key] = property ? property.convert(value) : copyPlain(value);
    }
  }
  return instance;
}
