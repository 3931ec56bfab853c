import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  Contains,
  Equals,
  IsAlpha,
  IsAlphanumeric,
  IsArray,
  IsBase64,
  IsBoolean,
  IsBooleanString,
  IsByteLength,
  IsDate,
  IsDateString,
  IsDefined,
  IsDivisibleBy,
  IsEmail,
  IsEnum,
  IsFQDN,
  IsHexColor,
  IsIn,
  IsInt,
  IsIP,
  IsISO8601,
  IsJSON,
  IsLowercase,
  IsMongoId,
  IsNegative,
  IsNotEmpty,
  IsNotEmptyObject,
  IsNumber,
  IsNumberString,
  IsObject,
  IsOptional,
  IsPort,
  IsPositive,
  IsRFC3339,
  IsSemVer,
  IsString,
  IsUppercase,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotContains,
  ValidateNested,
} from 'class-validator';
import fc from 'fast-check';
import { Field, formatViolations, validateDto } from '../../../src/schema';
import { compiledDto, residualChecksPass } from '../../../src/schema/compiled-validation';
import { validateReflectively } from '../../../src/schema/reflective-validation';
import type { Constructor } from '../../../src/schema/types';
import { buildInstance } from '../../../src/schema/validation-plan';

// Equivalence of the compiled path with class-validator's own walk (plainToInstance + validate), over generated
// DTOs and generated inputs, valid and invalid, for every validator kind the schema converter maps. For each
// kind the test also requires that the compiled path really decided some inputs (accepted them without the walk)
// and that some inputs were refused, so a path that always fell back to class-validator could not pass.

type Decorate = PropertyDecorator[];

interface Kind<P> {
  name: string;
  params: fc.Arbitrary<P>;
  decorators: (params: P) => Decorate;
  /** design:type of the property, as TypeScript would emit it. */
  design: unknown;
  /** Values near and inside the valid domain; arbitrary JSON and odd in-process values are mixed in too. */
  values: (params: P) => fc.Arbitrary<unknown>;
  /** The schema refuses everything class-validator accepts here, so only the walk can ever accept. */
  walkOnly?: true;
}

const anyText = fc.string({ unit: 'binary', maxLength: 12 });
const oddValues = fc.constantFrom<unknown>(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, '', [], {}, true);
const json = fc.jsonValue({ maxDepth: 2 });

function kind<P>(spec: Kind<P>): Kind<unknown> {
  return spec as Kind<unknown>;
}

const small = fc.integer({ min: -5, max: 5 });
const length = fc.integer({ min: 0, max: 6 });
const numbers = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double({ min: -10, max: 10 }), fc.double());
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const dateLike = fc.oneof(
  isoDate,
  isoDate.map((s) => s.slice(0, 10)),
  isoDate.map((s) => s.replace('T', ' ')),
  isoDate.map((s) => s.replace(/\.\d+Z$/, '+02:00')),
  fc.constantFrom('2024-02-31T00:00:00Z', '2024-13-01', '2024-01-01T10:00:60Z', 'tomorrow'),
);
enum Colour {
  Red = 'red',
  Green = 'green',
}
enum Level {
  Low = 1,
  High = 2,
}

/** String validators the converter maps to `type: string` only; class-validator's function decides the rest. */
const STRING_ONLY: [string, () => PropertyDecorator, fc.Arbitrary<string>][] = [
  ['isAlpha', () => IsAlpha(), fc.stringMatching(/^[a-zA-Z]{0,5}[0-9 ]?$/)],
  ['isAlphanumeric', () => IsAlphanumeric(), fc.stringMatching(/^[a-z0-9]{0,5}[-_]?$/)],
  ['isBase64', () => IsBase64(), fc.base64String({ maxLength: 12 })],
  ['isBooleanString', () => IsBooleanString(), fc.constantFrom('true', 'false', '1', '0', 'yes')],
  ['isByteLength', () => IsByteLength(1, 4), anyText],
  ['isHexColor', () => IsHexColor(), fc.stringMatching(/^#?[0-9a-fA-F]{3,8}$/)],
  ['isIp', () => IsIP(), fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended())],
  ['isJson', () => IsJSON(), json.map((v) => JSON.stringify(v) ?? 'x')],
  ['isLowercase', () => IsLowercase(), fc.stringMatching(/^[a-zA-Z]{0,4}$/)],
  ['isUppercase', () => IsUppercase(), fc.stringMatching(/^[a-zA-Z]{0,4}$/)],
  ['isMongoId', () => IsMongoId(), fc.stringMatching(/^[0-9a-f]{23,25}$/)],
  ['isNumberString', () => IsNumberString(), fc.oneof(numbers.map(String), anyText)],
  ['isPort', () => IsPort(), fc.integer({ min: -1, max: 70000 }).map(String)],
  ['isSemVer', () => IsSemVer(), fc.stringMatching(/^\d{1,2}\.\d{1,2}(\.\d{1,2})?(-[a-z]+)?$/)],
  ['contains', () => Contains('ab'), fc.stringMatching(/^[ab]{0,4}$/)],
  ['notContains', () => NotContains('ab'), fc.stringMatching(/^[ab]{0,4}$/)],
];

const KINDS: Kind<unknown>[] = [
  kind({
    name: 'isString',
    params: fc.constant(0),
    decorators: () => [IsString()],
    design: String,
    values: () => anyText,
  }),
  kind({ name: 'isInt', params: fc.constant(0), decorators: () => [IsInt()], design: Number, values: () => numbers }),
  kind({
    name: 'isNumber',
    params: fc.constant(0),
    decorators: () => [IsNumber()],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'isNumber with maxDecimalPlaces',
    params: fc.integer({ min: 0, max: 3 }),
    decorators: (places) => [IsNumber({ maxDecimalPlaces: places })],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'isBoolean',
    params: fc.constant(0),
    decorators: () => [IsBoolean()],
    design: Boolean,
    values: () => fc.boolean(),
  }),
  kind({
    name: 'isObject',
    params: fc.constant(0),
    decorators: () => [IsObject()],
    design: Object,
    values: () =>
      fc.dictionary(fc.constantFrom('a', 'b', 'constructor', '__proto__', 'toString', 'valueOf'), json, { maxKeys: 3 }),
  }),
  kind({
    name: 'isNotEmptyObject',
    params: fc.constant(0),
    decorators: () => [IsNotEmptyObject()],
    design: Object,
    values: () => fc.dictionary(fc.constantFrom('a', 'b'), json, { maxKeys: 2 }),
  }),
  kind({
    name: 'isIn',
    params: fc.uniqueArray(fc.oneof(fc.constantFrom('a', 'b', 'c'), small, fc.boolean()), {
      minLength: 1,
      maxLength: 3,
    }),
    decorators: (values) => [IsIn(values as unknown[])],
    design: Object,
    values: (values) => fc.oneof(fc.constantFrom(...(values as unknown[])), fc.constantFrom('a', 'b', 'd', 0, 1, '1')),
  }),
  kind({
    name: 'isEnum (string)',
    params: fc.constant(0),
    decorators: () => [IsEnum(Colour)],
    design: String,
    values: () => fc.constantFrom('red', 'green', 'blue', 'Red', 0),
  }),
  kind({
    name: 'isEnum (numeric)',
    params: fc.constant(0),
    decorators: () => [IsEnum(Level)],
    design: Number,
    values: () => fc.constantFrom(1, 2, 3, 'Low', '1'),
  }),
  kind({
    name: 'isEnum with enumTitles',
    params: fc.constant(0),
    decorators: () => [IsEnum(Colour), Field({ enumTitles: { red: 'Red', green: 'Green' } })],
    design: String,
    values: () => fc.constantFrom('red', 'green', 'blue'),
  }),
  kind({
    name: 'equals',
    params: fc.oneof(fc.constantFrom('x', 'y'), small),
    decorators: (value) => [Equals(value)],
    design: Object,
    values: (value) => fc.oneof(fc.constant(value), fc.constantFrom('x', 1, '1')),
  }),
  kind({
    name: 'min',
    params: small,
    decorators: (n) => [IsNumber(), Min(n as number)],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'max',
    params: small,
    decorators: (n) => [IsInt(), Max(n as number)],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'min without a type validator',
    params: small,
    decorators: (n) => [Min(n as number)],
    design: Number,
    values: () => fc.oneof(numbers, anyText),
  }),
  kind({
    name: 'min on an untyped property',
    params: small,
    decorators: (n) => [Min(n as number)],
    design: Object,
    values: () => fc.oneof(numbers, anyText),
  }),
  kind({
    name: 'isPositive',
    params: fc.constant(0),
    decorators: () => [IsPositive()],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'isNegative',
    params: fc.constant(0),
    decorators: () => [IsNegative()],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'isDivisibleBy',
    params: fc.integer({ min: 1, max: 4 }),
    decorators: (n) => [IsDivisibleBy(n as number)],
    design: Number,
    values: () => numbers,
  }),
  kind({
    name: 'minLength',
    params: length,
    decorators: (n) => [IsString(), MinLength(n as number)],
    design: String,
    values: () => fc.oneof(anyText, fc.constantFrom('a\uFE0F', '\u{1F600}\u{1F600}', 'ab\uFE0E')),
  }),
  kind({
    name: 'maxLength',
    params: length,
    decorators: (n) => [IsString(), MaxLength(n as number)],
    design: String,
    values: () => fc.oneof(anyText, fc.constantFrom('a\uFE0F\uFE0F', '\u{1F600}\u{1F600}')),
  }),
  kind({
    name: 'length',
    params: fc.tuple(length, length),
    decorators: ([a, b]) => [IsString(), Length(Math.min(a, b), Math.max(a, b))],
    design: String,
    values: () => anyText,
  }),
  kind({
    name: 'matches',
    params: fc.constantFrom(/^[a-c]+$/, /^A/i, /b/g, /^\d{2}$/),
    decorators: (pattern) => [IsString(), Matches(pattern as RegExp)],
    design: String,
    values: () => fc.oneof(fc.stringMatching(/^[a-cA-C\d]{0,3}$/), anyText),
  }),
  kind({
    name: 'isNotEmpty',
    params: fc.constant(0),
    decorators: () => [IsNotEmpty()],
    design: String,
    values: () => fc.oneof(anyText, json),
  }),
  kind({
    name: 'isDefined',
    params: fc.constant(0),
    decorators: () => [IsDefined()],
    design: Object,
    values: () => json,
  }),
  kind({
    name: 'isEmail',
    params: fc.constant(0),
    decorators: () => [IsEmail()],
    design: String,
    values: () => fc.oneof(fc.emailAddress(), fc.constantFrom('a@b', 'a@b.c', 'x@localhost', 'a..b@c.com', '@x.com')),
  }),
  kind({
    name: 'isUrl',
    params: fc.constant(0),
    decorators: () => [IsUrl()],
    design: String,
    values: () => fc.oneof(fc.webUrl(), fc.constantFrom('mailto:a@b.c', 'http://localhost', 'x:y', 'ftp://a.b')),
  }),
  kind({
    name: 'isUUID',
    params: fc.constantFrom('4', 'all'),
    decorators: (version) => [IsUUID(version as '4')],
    design: String,
    values: () => fc.oneof(fc.uuid(), fc.uuid({ version: 4 }), fc.constantFrom('urn:uuid:0', 'not-a-uuid')),
  }),
  kind({
    name: 'isFQDN',
    params: fc.constant(0),
    decorators: () => [IsFQDN()],
    design: String,
    values: () => fc.oneof(fc.domain(), fc.constantFrom('localhost', 'a.b', 'example.com.', '-x.com')),
  }),
  kind({
    name: 'isDateString',
    params: fc.constant(0),
    decorators: () => [IsDateString()],
    design: String,
    values: () => dateLike,
  }),
  kind({
    name: 'isISO8601',
    params: fc.constant(0),
    decorators: () => [IsISO8601()],
    design: String,
    values: () => dateLike,
  }),
  kind({
    name: 'isRFC3339',
    params: fc.constant(0),
    decorators: () => [IsRFC3339()],
    design: String,
    values: () => dateLike,
  }),
  kind({ name: 'isDate', params: fc.constant(0), decorators: () => [IsDate()], design: Date, values: () => dateLike }),
  ...STRING_ONLY.map(([name, decorator, values]) =>
    kind({ name, params: fc.constant(0), decorators: () => [decorator()], design: String, values: () => values }),
  ),
  kind({
    name: 'isArray with each-validators',
    params: fc.constant(0),
    decorators: () => [IsArray(), IsString({ each: true }), MinLength(1, { each: true })],
    design: Array,
    values: () => fc.array(fc.oneof(anyText, small), { maxLength: 3 }),
  }),
  kind({
    // `@IsString() tags: string[]`: the schema says array, class-validator wants a string; nothing passes both
    name: 'a non-each validator on an array property',
    params: fc.constant(0),
    decorators: () => [IsString()],
    design: Array,
    values: () => fc.oneof(fc.array(anyText, { maxLength: 2 }), anyText),
    walkOnly: true,
  }),
  kind({
    name: 'arrayMinSize / arrayMaxSize',
    params: fc.tuple(length, length),
    decorators: ([a, b]) => [
      IsArray(),
      ArrayMinSize(Math.min(a, b)),
      ArrayMaxSize(Math.max(a, b)),
      IsInt({ each: true }),
    ],
    design: Array,
    values: () => fc.array(small, { maxLength: 7 }),
  }),
  kind({
    name: 'arrayNotEmpty',
    params: fc.constant(0),
    decorators: () => [ArrayNotEmpty(), IsIn(['a', 'b'], { each: true })],
    design: Array,
    values: () => fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 2 }),
  }),
  kind({
    name: 'arrayUnique',
    params: fc.constant(0),
    decorators: () => [ArrayUnique()],
    design: Array,
    values: () => fc.array(fc.oneof(small, fc.constantFrom('a', 'b')), { maxLength: 4 }),
  }),
  kind({
    name: 'isOptional',
    params: fc.constant(0),
    decorators: () => [IsOptional(), IsString(), MaxLength(3)],
    design: String,
    values: () => anyText,
  }),
  kind({
    name: 'isOptional with isDefined',
    params: fc.constant(0),
    decorators: () => [IsOptional(), IsDefined(), IsInt()],
    design: Number,
    values: () => small,
  }),
];

/** A fresh DTO class whose one property `value` carries the given decorators, as `@A @B value: T` would. */
function probeDto(decorators: Decorate, design: unknown): Constructor {
  class Probe {}
  Reflect.defineMetadata('design:type', design, Probe.prototype, 'value');
  for (const decorate of [...decorators].reverse()) decorate(Probe.prototype, 'value');
  return Probe;
}

// One class per kind and constraint values: every class registered makes class-validator's walk slower
const probes = new Map<string, Constructor>();
function probeFor(k: Kind<unknown>, params: unknown): Constructor {
  const key = `${k.name}|${JSON.stringify(params, (_, v) => (v instanceof RegExp ? String(v) : v))}`;
  let dto = probes.get(key);
  if (!dto) {
    dto = probeDto(k.decorators(params), k.design);
    probes.set(key, dto);
  }
  return dto;
}

function inputs(values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const value = fc.oneof(
    { weight: 6, arbitrary: values },
    { weight: 1, arbitrary: json },
    { weight: 1, arbitrary: oddValues },
  );
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => ({ value: v })) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.constantFrom('extra', 'Value')).map(([v, key]) => ({ value: v, [key]: 1 })),
    },
  );
}

interface Tally {
  compiled: number;
  refused: number;
  referenceThrew: number;
}

type Outcome<T> = { threw: string } | T;

async function outcome<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (error) {
    return { threw: String(error) };
  }
}

/**
 * Runs both paths and requires the same verdict, the same violation lines and an equal instance. Where the
 * reference throws (class-validator's isNumber with maxDecimalPlaces on 5e-324, class-transformer on an object
 * with an own `constructor` key), the compiled path must throw the same, or answer where the schema accepted.
 */
async function expectSameOutcome(dto: Constructor, input: unknown, tally: Tally): Promise<void> {
  const reference = await outcome(() => validateReflectively(dto, input as object));
  const subject = await outcome(() => validateDto(dto, input));
  if ('threw' in reference) {
    tally.referenceThrew++;
    if (!('threw' in subject)) expect(subject.ok && decidedByCompiledPath(dto, input)).toBe(true);
    else expect(subject.threw).toBe(reference.threw);
    return;
  }
  expect(subject).not.toHaveProperty('threw');
  if ('threw' in subject) return;
  expect(subject.ok).toBe(reference.ok);
  if (!subject.ok && !reference.ok) {
    expect(formatViolations(subject.violations)).toBe(formatViolations(reference.violations));
    tally.refused++;
    return;
  }
  if (subject.ok && reference.ok) {
    expect(subject.value).toStrictEqual(reference.value);
    if (decidedByCompiledPath(dto, input)) tally.compiled++;
  }
}

function decidedByCompiledPath(dto: Constructor, input: unknown): boolean {
  const compiled = compiledDto(dto);
  if (!compiled?.schema(input)) return false;
  return residualChecksPass(compiled.plan, buildInstance(compiled.plan, input) as Record<string, unknown>) === true;
}

describe('compiled DTO validation agrees with class-validator', () => {
  it.each(KINDS.map((k) => [k.name, k] as const))('%s', async (_, k) => {
    const tally: Tally = { compiled: 0, refused: 0, referenceThrew: 0 };
    await fc.assert(
      fc.asyncProperty(
        k.params.chain((params) =>
          fc.tuple(fc.constant(params), fc.array(inputs(k.values(params)), { minLength: 10, maxLength: 10 })),
        ),
        async ([params, cases]) => {
          const dto = probeFor(k, params);
          for (const input of cases) await expectSameOutcome(dto, input, tally);
        },
      ),
      { numRuns: 30 },
    );
    if (k.walkOnly) expect(tally.compiled).toBe(0);
    else expect(tally.compiled).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('a realistic DTO: formats, lengths, an enum, a range, an optional array of nested DTOs', async () => {
    class Stop {
      @IsString() @Length(1, 40) city!: string;
      @IsOptional() @IsInt() @Min(0) @Max(30) nights?: number;
    }
    class TripArgs {
      @IsString() @MinLength(2) @MaxLength(60) title!: string;
      @IsEmail() contact!: string;
      @IsOptional() @IsUrl() website?: string;
      @IsDateString() start!: string;
      @IsEnum(Colour) colour!: Colour;
      @IsInt() @Min(1) @Max(12) travellers = 1;
      @IsOptional() @IsBoolean() flexible?: boolean;
      @IsOptional() @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => Stop) stops?: Stop[];
    }
    const stop = fc.record(
      {
        city: fc.oneof(fc.constantFrom('Oslo', 'Rome'), anyText),
        nights: fc.oneof(fc.integer({ min: -1, max: 31 }), oddValues),
      },
      { requiredKeys: ['city'] },
    );
    const trip = fc.record(
      {
        title: fc.oneof(fc.constantFrom('Alps', 'Fjords trip'), anyText),
        contact: fc.oneof(fc.emailAddress(), fc.constantFrom('a@b')),
        website: fc.oneof(fc.webUrl(), fc.constant('nope')),
        start: dateLike,
        colour: fc.constantFrom('red', 'green', 'blue'),
        travellers: fc.integer({ min: 0, max: 13 }),
        flexible: fc.oneof(fc.boolean(), fc.constant('yes')),
        stops: fc.oneof(fc.array(stop, { maxLength: 4 }), json),
      },
      { requiredKeys: ['title', 'contact', 'start', 'colour'] },
    );
    const tally: Tally = { compiled: 0, refused: 0, referenceThrew: 0 };
    await fc.assert(
      fc.asyncProperty(trip, async (input) => expectSameOutcome(TripArgs, input, tally)),
      { numRuns: 300 },
    );
    expect(tally.compiled).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });
});

describe('what keeps class-validator deciding alone', () => {
  it.each([
    ['@ValidateIf', () => [require('class-validator').ValidateIf(() => true), IsString()]],
    ['validation groups', () => [IsString({ groups: ['admin'] })]],
    [
      'an @Transform',
      () => [IsString(), require('class-transformer').Transform(({ value }: { value: unknown }) => value)],
    ],
  ])('%s', (_, decorators) => {
    expect(compiledDto(probeDto(decorators(), String))).toBeNull();
  });
});
