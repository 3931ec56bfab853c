import 'reflect-metadata';
import { getMetadataStorage, type MetadataStorage, ValidationTypes } from 'class-validator';
import { ClassTransformerMetadata } from '../metadata/class-transformer-metadata';
import { MetadataReader } from '../metadata/metadata-reader';
import type { FieldOptions } from '../metadata/types';
import { type Constructor, SchemaError } from './types';

export type ValidatorMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** Everything the converters and the validator need to know about one DTO property. */
export interface DtoProperty {
  owner: Constructor;
  name: string;
  /** class-validator metadata in source order (class-validator stores the bottom decorator first). */
  validators: ValidatorMetadata[];
  designType: unknown;
  field: FieldOptions;
  optional: boolean;
  /** DTO class of the value, or of each element when the property is an array. */
  nested?: Constructor;
  /** Class class-transformer must build from plain input when no @Type says so (nested DTOs, Date). */
  instantiate?: Constructor;
  /** What `@Type` (or `@Field({ type })`) names, if anything. */
  declaredType?: unknown;
  defaultValue?: unknown;
}

export interface DtoShape {
  dto: Constructor;
  properties: DtoProperty[];
  /**
   * Fields an instance has (initializers, declared fields) without any class-validator decorator. class-validator's
   * whitelist refuses every call while one exists, whatever the input, so start-up names them.
   */
  undecorated: string[];
}

const BUILT_INS = new Set<unknown>([
  String,
  Number,
  Boolean,
  BigInt,
  Symbol,
  Object,
  Array,
  Date,
  Function,
  Promise,
  Map,
  Set,
]);
const shapes = new WeakMap<Constructor, DtoShape>();

export function isUserClass(value: unknown): value is Constructor {
  return typeof value === 'function' && !BUILT_INS.has(value) && value.prototype !== undefined;
}

export function qualifiedName(dto: Constructor, property?: string): string {
  return property === undefined ? dto.name || 'AnonymousDto' : `${dto.name || 'AnonymousDto'}.${property}`;
}

/** Reads (once per class) the validated properties of a DTO, base-class properties first. */
export function readDto(dto: Constructor): DtoShape {
  let shape = shapes.get(dto);
  if (!shape) {
    shape = buildShape(dto);
    shapes.set(dto, shape);
  }
  return shape;
}

function buildShape(dto: Constructor): DtoShape {
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .filter((m) => typeof m.target === 'function' && m.propertyName);
  const byName = new Map<string, ValidatorMetadata[]>();
  for (const cls of ancestry(dto)) {
    for (const m of metadata) if (m.target === cls && !byName.has(m.propertyName)) byName.set(m.propertyName, []);
  }
  for (const m of metadata) {
    if (!byName.has(m.propertyName)) byName.set(m.propertyName, []);
    byName.get(m.propertyName)!.unshift(m);
  }
  for (const name of MetadataReader.fieldProperties(dto)) {
    // whitelist validation would reject such a property, so advertising it would be a lie
    if (!byName.has(name)) {
      throw new SchemaError(
        `${qualifiedName(dto, name)}: @Field needs a class-validator decorator too (e.g. @IsString or @Allow)`,
      );
    }
  }
  const { defaults, fields } = readInstance(dto);
  const properties = [...byName].map(([name, validators]) => readProperty(dto, name, validators, defaults));
  const undecorated = fields.filter((name) => !byName.has(name));
  return { dto, properties, undecorated };
}

function readProperty(
  dto: Constructor,
  name: string,
  validators: ValidatorMetadata[],
  defaults: Record<string, unknown>,
): DtoProperty {
  const field = MetadataReader.fieldOptions(dto, name);
  const designType = MetadataReader.propertyType(dto, name);
  const has = (type: string) => validators.some((m) => m.type === type);
  // class-validator still runs @IsDefined when @IsOptional/@ValidateIf skip everything else
  const optional = has(ValidationTypes.CONDITIONAL_VALIDATION) && !has(ValidationTypes.IS_DEFINED);
  const declared = field.type?.() ?? ClassTransformerMetadata.declaredType(dto, name);
  const candidate = declared ?? (isUserClass(designType) ? designType : undefined);
  const nestedValidation = has(ValidationTypes.NESTED_VALIDATION);
  let nested: Constructor | undefined;
  if (nestedValidation) {
    if (!isUserClass(candidate)) {
      throw new SchemaError(
        `${qualifiedName(dto, name)}: @ValidateNested needs the nested class; add @Type(() => Item) or @Field({ type: () => Item })`,
      );
    }
    nested = candidate;
  } else if (isUserClass(candidate) && !validators.some((m) => m.name === 'isObject' || m.name === 'isInstance')) {
    // without it class-validator never looks inside the value, so the advertised $ref would not be enforced
    throw new SchemaError(`${qualifiedName(dto, name)}: a nested DTO needs @ValidateNested()`);
  }
  const instantiate = nested ?? (declared === Date || designType === Date ? Date : undefined);
  const defaultValue = 'default' in field ? field.default : defaults[name];
  return {
    owner: dto,
    name,
    validators,
    designType,
    field,
    optional,
    nested,
    instantiate,
    declaredType: declared,
    defaultValue,
  };
}

function ancestry(dto: Constructor): unknown[] {
  const chain: unknown[] = [];
  for (
    let cls: unknown = dto;
    typeof cls === 'function' && cls !== Function.prototype;
    cls = Object.getPrototypeOf(cls)
  ) {
    chain.unshift(cls);
  }
  return chain;
}

/**
 * Builds one instance: its own fields are the class's declared properties, and property initializers are
 * defaults (the JSON-representable ones are kept).
 */
function readInstance(dto: Constructor): { defaults: Record<string, unknown>; fields: string[] } {
  let instance: unknown;
  try {
    instance = new dto();
  } catch {
    return { defaults: {}, fields: [] };
  }
  const defaults: Record<string, unknown> = {};
  if (typeof instance !== 'object' || instance === null) return { defaults, fields: [] };
  for (const [key, value] of Object.entries(instance)) {
    const json = toJsonValue(value);
    if (json !== undefined) defaults[key] = json;
  }
  return { defaults, fields: Object.keys(instance) };
}

function toJsonValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map(toJsonValue);
    return items.includes(undefined) ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const json = toJsonValue(item);
      if (json === undefined) return undefined;
      out[key] = json;
    }
    return out;
  }
  return undefined;
}
