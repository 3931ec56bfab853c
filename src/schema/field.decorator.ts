import 'reflect-metadata';
import { addFieldOptions } from '../metadata/metadata-writer';
import type { FieldOptions } from '../metadata/types';
import { SchemaError } from './types';

export type { FieldOptions } from '../metadata/types';

/** Schema annotations for one DTO property. Records metadata only; validation still comes from class-validator. */
export function Field(options: FieldOptions): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') {
      throw new SchemaError(`${target.constructor.name}.${String(propertyKey)}: @Field needs a string property name`);
    }
    addFieldOptions(target, propertyKey, options);
  };
}

/** Shorthand for `@Field({ description })`. */
export function Description(text: string): PropertyDecorator {
  return Field({ description: text });
}
