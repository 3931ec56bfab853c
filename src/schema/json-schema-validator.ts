import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { JSON_FORMATS } from './json-formats';
import { type JsonSchema, SchemaError, type Violation } from './types';
import { joinPath } from './violations';

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<JsonSchema, (value: unknown) => Violation[]>();

/**
 * A validator for a raw JSON Schema (2020-12), compiled once per schema object. Meant for schemas
 * computed once (tool input schemas), not for schemas built per request.
 */
export function compileJsonSchema(schema: JsonSchema): (value: unknown) => Violation[] {
  let check = compiled.get(schema);
  if (!check) {
    const validate = compile(schema);
    check = (value) => (validate(value) ? [] : (validate.errors ?? []).map(toViolation));
    compiled.set(schema, check);
  }
  return check;
}

function compile(schema: JsonSchema): ValidateFunction {
  ajv ??= createAjv();
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new SchemaError(`invalid JSON Schema: ${(error as Error).message}`);
  }
}

function createAjv(): Ajv2020 {
  // strict:false because MCP schemas carry non-standard keywords such as enumNames
  // Loaded on first use: ajv is a noticeable share of start-up, and only raw-schema tools and
  // output schemas need it.
  const Ajv: typeof Ajv2020 = require('ajv/dist/2020').default;
  const instance = new Ajv({ allErrors: true, strict: false });
  for (const [name, pattern] of Object.entries(JSON_FORMATS)) instance.addFormat(name, pattern);
  return instance;
}

function toViolation(error: ErrorObject): Violation {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return { path: joinPath(path, missing), constraint: 'required', message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { path: joinPath(path, extra), constraint: 'additionalProperties', message: 'is not allowed' };
  }
  return { path, constraint: error.keyword, message: error.message ?? `must satisfy ${error.keyword}` };
}

/** `/tags/0/name` -> `tags[0].name`; all-digit segments are read as array indexes. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, segment) => joinPath(path, segment, /^\d+$/.test(segment)), '');
}
