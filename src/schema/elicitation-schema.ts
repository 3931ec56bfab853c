import { deepFreeze } from './deep-freeze';
import { propertySchema } from './property-schema';
import { type DtoProperty, qualifiedName, readDto } from './schema-metadata';
import { type Constructor, type JsonSchema, SchemaError } from './types';

const ALLOWED =
  'elicitation schemas allow only strings (minLength, maxLength, format email|uri|date|date-time), ' +
  'numbers and integers (minimum, maximum), booleans, string enums and arrays of string enums (minItems, maxItems)';

const COMMON_KEYS = ['type', 'title', 'description', 'default'];
const KEYS_BY_TYPE: Record<string, string[]> = {
  string: ['minLength', 'maxLength', 'format', 'enum', 'enumNames', 'oneOf'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  boolean: [],
  array: ['minItems', 'maxItems', 'items'],
};
const STRING_FORMATS = new Set(['email', 'uri', 'date', 'date-time']);

const schemas = new WeakMap<Constructor, JsonSchema>();

/**
 * The restricted, flat form MCP elicitation accepts as `requestedSchema`. Computed once per class and frozen.
 * Throws SchemaError naming `Class.property` for anything a client form cannot render.
 */
export function elicitationSchema(dto: Constructor): JsonSchema {
  let schema = schemas.get(dto);
  if (!schema) {
    schema = deepFreeze(buildElicitationSchema(dto));
    schemas.set(dto, schema);
  }
  return schema;
}

function buildElicitationSchema(dto: Constructor): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of readDto(dto).properties) {
    const schema = propertySchema(property, (nested) =>
      fail(property, `a nested object (${qualifiedName(nested)}) cannot be elicited`),
    );
    const problem = findProblem(schema);
    if (problem !== undefined) fail(property, problem);
    properties[property.name] = schema;
    if (!property.optional) required.push(property.name);
  }
  return { type: 'object', properties, required };
}

function fail(property: DtoProperty, problem: string): never {
  throw new SchemaError(`${qualifiedName(property.owner, property.name)}: ${ALLOWED}; ${problem}`);
}

function findProblem(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (typeof type !== 'string' || !(type in KEYS_BY_TYPE)) return `type ${JSON.stringify(type)} is not allowed`;
  const allowed = new Set([...COMMON_KEYS, ...KEYS_BY_TYPE[type]]);
  const extra = Object.keys(schema).find((key) => !allowed.has(key));
  if (extra !== undefined) return `keyword "${extra}" is not allowed`;
  if (schema.format !== undefined && !STRING_FORMATS.has(schema.format as string)) {
    return `format "${schema.format}" is not allowed`;
  }
  if (schema.enum !== undefined && !allStrings(schema.enum)) return 'enum values must be strings';
  if (schema.oneOf !== undefined && !isTitledChoices(schema.oneOf)) return 'oneOf must list {const, title} strings';
  if (type === 'array') return itemsProblem(schema.items);
  return undefined;
}

function itemsProblem(items: unknown): string | undefined {
  if (items === null || typeof items !== 'object')
    return 'a multi-select needs string enum items (e.g. @IsIn([...], { each: true }))';
  const keys = Object.keys(items).sort().join(',');
  const { type, enum: values, anyOf } = items as JsonSchema;
  if (keys === 'enum,type' && type === 'string' && allStrings(values)) return undefined;
  if (keys === 'anyOf' && isTitledChoices(anyOf)) return undefined;
  return `array items must be a string enum, found ${JSON.stringify(items)}`;
}

function allStrings(values: unknown): boolean {
  return Array.isArray(values) && values.every((value) => typeof value === 'string');
}

function isTitledChoices(choices: unknown): boolean {
  return (
    Array.isArray(choices) &&
    choices.every(
      (choice) =>
        typeof choice?.const === 'string' && typeof choice.title === 'string' && Object.keys(choice).length === 2,
    )
  );
}
