import {
  IS_DATE_STRING,
  IS_EMAIL,
  IS_ISO8601,
  IS_LENGTH,
  IS_URL,
  MAX_LENGTH,
  MIN_LENGTH,
  type ValidationArguments,
  ValidationTypes,
} from 'class-validator';
import type { ValidatorMetadata } from './schema-metadata';

/**
 * A test that never accepts a value class-validator's own function would refuse: true means "passes", false
 * means "ask class-validator". It accepts only the plain, common shapes of a value, so the verdict stays
 * exactly class-validator's while the everyday input skips validator.js's option merging, splitting and
 * matching (isEmail and isURL cost 1.5 to 2 µs each, most of a realistic DTO's validation).
 */
export type SurelyPasses = (value: unknown) => boolean;

// A DNS label validator.js's isFQDN accepts with its defaults (no underscore, no leading or trailing hyphen,
// at most 63 characters), and a top-level domain of letters only (it refuses numeric ones).
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `(?:${LABEL}\\.)+[A-Za-z]{2,63}`;
// Unreserved, sub-delims, ':', '@' and '%' (RFC 3986 pchar) and '/': no space, '<', '>', '?' or '#'.
const PATH = "[A-Za-z0-9\\-._~%!$&'()*+,;=:@/]";

// Dot-separated non-empty atoms of characters validator.js's emailUserPart allows; one '@'; a host as above.
const EMAIL = new RegExp(`^[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@${HOST}$`);
// http(s), no user info, no port, a host as above, then any path, query and fragment made of PATH characters.
const URL = new RegExp(`^https?://${HOST}(?:/${PATH}*)?(?:[?#](?:${PATH}|[?#])*)?$`);

/** validator.js isEmail with default options: at most 254 characters, a local part of at most 64 bytes. */
export function surelyEmail(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 254) return false;
  const at = value.indexOf('@');
  return at > 0 && at <= 64 && EMAIL.test(value);
}

/** validator.js isURL with default options: at most 2084 characters. */
export function surelyUrl(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 2084 && URL.test(value);
}

// A calendar date, optionally a time of day to the minute or second (any fraction), optionally Z or an offset:
// the everyday shapes of validator.js's iso8601 pattern, each field within that pattern's ranges.
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

/** validator.js isISO8601 with default options (no `strict` date check, any separator). */
export function surelyIsoDate(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 64 && DATE_TIME.test(value);
}

// Characters validator.js's isLength does not count one each (surrogate halves, variation selectors).
const UNCOUNTED = /[\uD800-\uDFFF]|\uFE0E|\uFE0F/;

/** validator.js isLength over a string without those characters: its length is `.length`. */
function surelyLength(min: number, max: number): SurelyPasses {
  return (value) => typeof value === 'string' && value.length >= min && value.length <= max && !UNCOUNTED.test(value);
}

const isNumber = (n: unknown): n is number => typeof n === 'number';

/** Per class-validator decorator: the fast test for its constraints, and its default message to recognise it. */
const FAST: Record<string, { make(constraints: unknown[]): SurelyPasses | undefined; message: string }> = {
  [IS_EMAIL]: {
    make: (c) => (c.length === 1 && c[0] === undefined ? surelyEmail : undefined),
    message: '$property must be an email',
  },
  [IS_URL]: {
    make: (c) => (c.length === 1 && c[0] === undefined ? surelyUrl : undefined),
    message: '$property must be a URL address',
  },
  [IS_DATE_STRING]: {
    make: (c) => (c.length === 1 && c[0] === undefined ? surelyIsoDate : undefined),
    message: '$property must be a valid ISO 8601 date string',
  },
  [IS_ISO8601]: {
    make: (c) => (c.length === 1 && c[0] === undefined ? surelyIsoDate : undefined),
    message: '$property must be a valid ISO 8601 date string',
  },
  [IS_LENGTH]: {
    make: ([min, max]) =>
      isNumber(min) && (max === undefined || isNumber(max)) ? surelyLength(min, max ?? Infinity) : undefined,
    message: '$property must be longer than or equal to $constraint1 characters',
  },
  [MIN_LENGTH]: {
    make: ([min]) => (isNumber(min) ? surelyLength(min, Infinity) : undefined),
    message: '$property must be longer than or equal to $constraint1 characters',
  },
  [MAX_LENGTH]: {
    make: ([max]) => (isNumber(max) ? surelyLength(0, max) : undefined),
    message: '$property must be shorter than or equal to $constraint1 characters',
  },
};

interface Constraint {
  instance: { defaultMessage?(args: ValidationArguments): string };
}

/**
 * The fast acceptance for a class-validator constraint: `@IsEmail()` and `@IsUrl()` without options (options
 * change what validator.js accepts), `@IsDateString()` and `@IsISO8601()` without options, `@Length`, `@MinLength`, `@MaxLength` with numbers. The constraint's own
 * default message must be class-validator's, so a user's decorator that merely reuses a name keeps its function.
 */
export function surelyPassesFor(metadata: ValidatorMetadata, constraints: Constraint[]): SurelyPasses | undefined {
  const fast = metadata.name === undefined ? undefined : FAST[metadata.name];
  if (!fast || metadata.type !== ValidationTypes.CUSTOM_VALIDATION || constraints.length !== 1) return undefined;
  const options = metadata.constraints;
  if (!Array.isArray(options)) return undefined;
  const probe: ValidationArguments = {
    property: '$property',
    constraints: options,
    value: '',
    targetName: '',
    object: {},
  };
  const message = constraints[0].instance.defaultMessage?.(probe);
  if (message !== fast.message && message !== `each value in ${fast.message}`) return undefined;
  return fast.make(options);
}
