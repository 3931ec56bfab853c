import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_NOT_EMPTY,
  ARRAY_UNIQUE,
  EQUALS,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DATE,
  IS_DATE_STRING,
  IS_DIVISIBLE_BY,
  IS_EMAIL,
  IS_ENUM,
  IS_FQDN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NEGATIVE,
  IS_NOT_EMPTY,
  IS_NOT_EMPTY_OBJECT,
  IS_NUMBER,
  IS_OBJECT,
  IS_POSITIVE,
  IS_RFC_3339,
  IS_STRING,
  IS_URL,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
} from 'class-validator';
import { type DtoProperty, qualifiedName, type ValidatorMetadata } from './schema-metadata';
import { type Constructor, type JsonSchema, SchemaError } from './types';

/** How a converter refers to a nested DTO: a `$ref` for the full schema, an error for elicitation. */
export type NestedRef = (dto: Constructor, property: DtoProperty) => JsonSchema;

const KEY_ORDER = [
  '$ref',
  'type',
  'format',
  'const',
  'enum',
  'enumNames',
  'oneOf',
  'anyOf',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minProperties',
  'title',
  'description',
  'default',
  'examples',
  'x-mcp-header',
];

// Validators whose only schema meaning is "the value is a string" (class-validator's own names: isUuid, isIp...).
const STRING_VALIDATORS = new Set(
  (
    'isAlpha isAlphanumeric isAscii isBase32 isBase58 isBase64 isBIC isBooleanString isBtcAddress ' +
    'isByteLength isCreditCard isCurrency isDataURI isDecimal isEAN isEthereumAddress isFullWidth ' +
    'isHalfWidth isHash isHexColor isHexadecimal isHSL isIBAN isIdentityCard isIp isISRC isIsbn isIsin ' +
    'isISO31661Alpha2 isISO31661Alpha3 isISO4217CurrencyCode isISSN isJson isJwt isLocale isLowercase ' +
    'isMacAddress isMagnetURI isMilitaryTime isMimeType isMobilePhone isMongoId isMultibyte ' +
    'isNumberString isOctal isPassportNumber isPhoneNumber isPort isPostalCode isRgbColor isSemVer ' +
    'isStrongPassword isSurrogatePair isTaxId isTimeZone isUppercase isVariableWidth contains notContains'
  ).split(' '),
);

const FORMATS: Record<string, string> = {
  [IS_DATE]: 'date-time',
  [IS_DATE_STRING]: 'date-time',
  [IS_ISO8601]: 'date-time',
  [IS_RFC_3339]: 'date-time',
  [IS_EMAIL]: 'email',
  [IS_URL]: 'uri',
  [IS_UUID]: 'uuid',
  [IS_FQDN]: 'hostname',
};

const ARRAY_VALIDATORS = [IS_ARRAY, ARRAY_MIN_SIZE, ARRAY_MAX_SIZE, ARRAY_UNIQUE, ARRAY_NOT_EMPTY];

const DESIGN_TYPES = new Map<unknown, JsonSchema>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, { type: 'string', format: 'date-time' }],
]);

/** Working state while folding one property's validators into a schema. */
interface Draft {
  schema: JsonSchema;
  notEmpty?: boolean;
}

export function propertySchema(property: DtoProperty, nestedRef: NestedRef): JsonSchema {
  const self: Draft = { schema: {} };
  const items: Draft = { schema: {} };
  const { validators, field, designType } = property;
  const isArray =
    designType === Array || designType === Set || validators.some((m) => m.each || ARRAY_VALIDATORS.includes(m.name!));
  for (const m of validators) applyValidator(m.each ? items : self, m);

  const valueDraft = isArray ? items : self;
  if (property.nested) Object.assign(valueDraft.schema, nestedRef(property.nested, property));
  finishDraft(self, isArray || property.nested ? undefined : DESIGN_TYPES.get(designType));
  finishDraft(items);
  applyEnumOptions(property, valueDraft.schema, isArray);
  if (field.format !== undefined) valueDraft.schema.format = field.format;

  const schema = self.schema;
  if (isArray) {
    schema.type = 'array';
    if (Object.keys(items.schema).length > 0) schema.items = orderKeys(items.schema);
  }
  if (field.title !== undefined) schema.title = field.title;
  if (field.description !== undefined) schema.description = field.description;
  // copies: the schema is frozen later and must not freeze the user's own objects
  if (property.defaultValue !== undefined) schema.default = structuredClone(property.defaultValue);
  if (field.examples !== undefined) schema.examples = structuredClone(field.examples);
  if (field.header !== undefined) schema['x-mcp-header'] = field.header;
  return orderKeys(schema);
}

function applyValidator(draft: Draft, m: ValidatorMetadata): void {
  const s = draft.schema;
  const [first, second] = m.constraints ?? [];
  const name = m.name ?? '';
  if (FORMATS[name]) {
    s.type = 'string';
    s.format = FORMATS[name];
    return;
  }
  if (STRING_VALIDATORS.has(name)) s.type = 'string';
  switch (name) {
    case IS_STRING:
      s.type = 'string';
      break;
    case IS_INT:
      s.type = 'integer';
      break;
    case IS_NUMBER:
      s.type = 'number';
      break;
    case IS_BOOLEAN:
      s.type = 'boolean';
      break;
    case IS_OBJECT:
      s.type = 'object';
      break;
    case IS_NOT_EMPTY_OBJECT:
      s.type = 'object';
      s.minProperties = 1;
      break;
    case IS_ENUM:
      s.enum = [...(second as unknown[])];
      break;
    case IS_IN:
      s.enum = [...(first as unknown[])];
      break;
    case EQUALS:
      s.const = first;
      break;
    case IS_NOT_EMPTY:
      draft.notEmpty = true;
      break;
    case MIN:
      s.minimum = first;
      break;
    case MAX:
      s.maximum = first;
      break;
    case IS_POSITIVE:
      s.exclusiveMinimum = 0;
      break;
    case IS_NEGATIVE:
      s.exclusiveMaximum = 0;
      break;
    case IS_DIVISIBLE_BY:
      s.multipleOf = first;
      break;
    case MIN_LENGTH:
      s.minLength = first;
      break;
    case MAX_LENGTH:
      s.maxLength = first;
      break;
    case IS_LENGTH:
      s.minLength = first;
      if (second !== undefined) s.maxLength = second;
      break;
    case MATCHES:
      // JSON Schema patterns have no flags; the source is the closest portable form
      s.pattern = first instanceof RegExp ? first.source : String(first);
      break;
    case ARRAY_MIN_SIZE:
      s.minItems = first;
      break;
    case ARRAY_MAX_SIZE:
      s.maxItems = first;
      break;
    case ARRAY_NOT_EMPTY:
      s.minItems = Math.max(1, (s.minItems as number | undefined) ?? 0);
      break;
    case ARRAY_UNIQUE:
      s.uniqueItems = true;
      break;
  }
}

/** Type precedence: a validator that names it, then the enum's values, then `design:type`. */
function finishDraft(draft: Draft, designFallback?: JsonSchema): void {
  const s = draft.schema;
  if (s.type === undefined && (Array.isArray(s.enum) || s.const !== undefined)) {
    const type = typeOfValues(Array.isArray(s.enum) ? s.enum : [s.const]);
    if (type !== undefined) s.type = type;
  }
  if (s.type === undefined && s.const === undefined && s.enum === undefined && designFallback) {
    Object.assign(s, designFallback, { ...s });
  }
  if (draft.notEmpty && s.type === 'string' && s.minLength === undefined) s.minLength = 1;
}

/** TypeScript numeric enums pass only their values here (class-validator drops the reverse-mapping keys). */
function typeOfValues(values: unknown[]): string | string[] | undefined {
  const types = new Set<string>();
  for (const value of values) {
    if (typeof value === 'number') types.add(Number.isInteger(value) ? 'integer' : 'number');
    else if (typeof value === 'string' || typeof value === 'boolean') types.add(typeof value);
    else if (value === null) types.add('null');
    else return undefined;
  }
  if (types.has('number')) types.delete('integer');
  const list = [...types];
  return list.length === 1 ? list[0] : list.length > 1 ? list : undefined;
}

function applyEnumOptions(property: DtoProperty, holder: JsonSchema, isArray: boolean): void {
  const { enumTitles, enumNames } = property.field;
  if (enumTitles === undefined && enumNames === undefined) return;
  const values = holder.enum as unknown[] | undefined;
  if (!values) {
    throw new SchemaError(
      `${qualifiedName(property.owner, property.name)}: enumTitles/enumNames need @IsIn or @IsEnum`,
    );
  }
  if (enumNames !== undefined) {
    if (enumNames.length !== values.length) {
      throw new SchemaError(
        `${qualifiedName(property.owner, property.name)}: enumNames has ${enumNames.length} names for ${values.length} values`,
      );
    }
    holder.enumNames = [...enumNames];
  }
  if (enumTitles !== undefined) {
    delete holder.enum;
    delete holder.enumNames;
    const choices = values.map((value) => ({ const: value, title: enumTitles[String(value)] ?? String(value) }));
    // an array's items cannot repeat "type" inside anyOf, so the titled form stands alone there
    if (isArray) {
      delete holder.type;
      holder.anyOf = choices;
    } else {
      holder.oneOf = choices;
    }
  }
}

export function orderKeys(schema: JsonSchema): JsonSchema {
  const ordered: JsonSchema = {};
  for (const key of KEY_ORDER) if (schema[key] !== undefined) ordered[key] = schema[key];
  for (const key of Object.keys(schema)) if (!(key in ordered) && schema[key] !== undefined) ordered[key] = schema[key];
  return ordered;
}
