import 'reflect-metadata';
import { type Constructor, SchemaError } from './types';

export interface FieldOptions {
  description?: string;
  title?: string;
  default?: unknown;
  examples?: unknown[];
  /** Sets or overrides `format`. */
  format?: string;
  /** Value -> title: emits `oneOf [{const,title}]` (single value) or `items.anyOf` (array) instead of `enum`. */
  enumTitles?: Record<string, string>;
  /** Legacy titles: emits `enum` + `enumNames`, one name per value in the same order. */
  enumNames?: string[];
  /** Element or nested class when `design:type` cannot say it (arrays, cycles); an alternative to `@Type`. */
  type?: () => Constructor;
  /**
   * 2026-07-28 streamable HTTP: clients mirror this argument in an `Mcp-Param-{header}` header, so
   * gateways can route on it without reading the body (emits `x-mcp-header`). Primitives only.
   */
  header?: string;
}

const FIELD_OPTIONS = Symbol('armature:schema:field');
const FIELD_PROPERTIES = Symbol('armature:schema:field-properties');

/** Schema annotations for one DTO property. Records metadata only; validation still comes from class-validator. */
export function Field(options: FieldOptions): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') {
      throw new SchemaError(`${target.constructor.name}.${String(propertyKey)}: @Field needs a string property name`);
    }
    const previous = Reflect.getOwnMetadata(FIELD_OPTIONS, target, propertyKey) as FieldOptions | undefined;
    Reflect.defineMetadata(FIELD_OPTIONS, { ...previous, ...options }, target, propertyKey);
    // Own copy per class so a subclass never appends to its parent's list.
    const names = (Reflect.getOwnMetadata(FIELD_PROPERTIES, target) as string[] | undefined) ?? [];
    if (!names.includes(propertyKey)) Reflect.defineMetadata(FIELD_PROPERTIES, [...names, propertyKey], target);
  };
}

/** Shorthand for `@Field({ description })`. */
export function Description(text: string): PropertyDecorator {
  return Field({ description: text });
}

export function readFieldOptions(dto: Constructor, propertyName: string): FieldOptions {
  return (Reflect.getMetadata(FIELD_OPTIONS, dto.prototype, propertyName) as FieldOptions | undefined) ?? {};
}

/** Properties carrying @Field on this class or its ancestors. */
export function readFieldProperties(dto: Constructor): string[] {
  const names = new Set<string>();
  for (let proto = dto.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of (Reflect.getOwnMetadata(FIELD_PROPERTIES, proto) as string[] | undefined) ?? []) names.add(name);
  }
  return [...names];
}
