import { deepFreeze } from './deep-freeze';
import { type NestedRef, propertySchema } from './property-schema';
import { readDto } from './schema-metadata';
import type { Constructor, JsonSchema } from './types';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const schemas = new WeakMap<Constructor, JsonSchema>();

/**
 * The advertised JSON Schema (2020-12) of a DTO: self-contained, nested DTOs once each in `$defs`.
 * Computed once per class; the result is frozen and shared, so callers must copy before changing it.
 * Optional properties keep their plain type although @IsOptional also lets `null` through at runtime:
 * advertising `null` would invite models to send it for no benefit.
 */
export function dtoToJsonSchema(dto: Constructor): JsonSchema {
  let schema = schemas.get(dto);
  if (!schema) {
    schema = deepFreeze(buildRootSchema(dto));
    schemas.set(dto, schema);
  }
  return schema;
}

function buildRootSchema(root: Constructor): JsonSchema {
  const names = new Map<Constructor, string>();
  const defs: Record<string, JsonSchema> = {};
  const ref: NestedRef = (dto) => {
    // the root is not in $defs; "#" keeps self-reference working without duplicating it
    if (dto === root) return { $ref: '#' };
    let name = names.get(dto);
    if (name === undefined) {
      name = uniqueName(dto, names);
      names.set(dto, name);
      // registered before recursing so a cycle finds the name instead of looping
      defs[name] = {};
      defs[name] = objectSchema(dto, ref);
    }
    return { $ref: `#/$defs/${name}` };
  };
  const body = objectSchema(root, ref);
  return { $schema: JSON_SCHEMA_DIALECT, ...body, ...(names.size > 0 ? { $defs: defs } : {}) };
}

function objectSchema(dto: Constructor, ref: NestedRef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of readDto(dto).properties) {
    properties[property.name] = propertySchema(property, ref);
    if (!property.optional) required.push(property.name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function uniqueName(dto: Constructor, taken: Map<Constructor, string>): string {
  const base = dto.name || 'AnonymousDto';
  const used = new Set(taken.values());
  if (!used.has(base)) return base;
  let suffix = 2;
  while (used.has(`${base}_${suffix}`)) suffix++;
  return `${base}_${suffix}`;
}
