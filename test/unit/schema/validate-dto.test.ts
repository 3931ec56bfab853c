import { Type } from 'class-transformer';
import {
  IsArray,
  IsDate,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  validate,
} from 'class-validator';
import { Field, formatViolations, validateDto } from '../../../src/schema';
import { validationPlan } from '../../../src/schema/validation-plan';

/** An asynchronous constraint: the value must be the string 'ok', decided after a microtask. */
const IsOkLater = (each = false) =>
  ValidateBy(
    { name: 'isOkLater', async: true, validator: { validate: async (value: unknown) => value === 'ok' } },
    { each },
  );

class Code {
  @IsString() @IsOkLater() code!: string;
}

class Codes {
  @IsString() @IsOkLater() own!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) @IsOkLater(true) list?: string[];
  @IsOptional() @ValidateNested() one?: Code;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Field({ type: () => Code }) many?: Code[];
}

class Location {
  @IsNumber() @Min(-90) @Max(90) lat!: number;
  @IsNumber() @Min(-180) @Max(180) lon!: number;
}

class Tag {
  @IsString() @MinLength(1) name!: string;
}

class WeatherArgs {
  @IsString() city!: string;
  @ValidateNested() location!: Location;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Field({ type: () => Tag }) tags?: Tag[];
  @IsOptional() @IsInt() @Min(1) days = 3;
}

describe('validateDto', () => {
  it('returns a DTO instance with nested instances and initializer defaults', async () => {
    const result = await validateDto(WeatherArgs, {
      city: 'Paris',
      location: { lat: 48.8, lon: 2.3 },
      tags: [{ name: 'rain' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeInstanceOf(WeatherArgs);
    expect(result.value.location).toBeInstanceOf(Location);
    expect(result.value.tags?.[0]).toBeInstanceOf(Tag);
    expect(result.value.days).toBe(3);
  });

  it('rejects unknown properties, at the root and inside nested DTOs', async () => {
    const result = await validateDto(WeatherArgs, {
      city: 'Paris',
      location: { lat: 1, lon: 2, alt: 3 },
      units: 'metric',
    });
    expect(result).toEqual({
      ok: false,
      violations: [
        { path: 'units', constraint: 'whitelistValidation', message: 'property units should not exist' },
        { path: 'location.alt', constraint: 'whitelistValidation', message: 'property alt should not exist' },
      ],
    });
  });

  it('reports one violation per constraint, with dotted and indexed paths', async () => {
    const result = await validateDto(WeatherArgs, {
      city: 42,
      location: { lat: 100, lon: 'east' },
      tags: [{ name: 'ok' }, { name: '' }],
      days: 0,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations).toEqual([
      { path: 'city', constraint: 'isString', message: 'city must be a string' },
      { path: 'location.lat', constraint: 'max', message: 'lat must not be greater than 90' },
      { path: 'location.lon', constraint: 'max', message: 'lon must not be greater than 180' },
      { path: 'location.lon', constraint: 'min', message: 'lon must not be less than -180' },
      {
        path: 'location.lon',
        constraint: 'isNumber',
        message: 'lon must be a number conforming to the specified constraints',
      },
      { path: 'tags[1].name', constraint: 'minLength', message: 'name must be longer than or equal to 1 characters' },
      { path: 'days', constraint: 'min', message: 'days must not be less than 1' },
    ]);
    expect(formatViolations(result.violations).split('\n')[1]).toBe('location.lat: lat must not be greater than 90');
  });

  it('reports missing required properties and a nested value that is not an object', async () => {
    const result = await validateDto(WeatherArgs, { location: 'here' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((v) => `${v.path} ${v.constraint}`)).toEqual([
      'city isString',
      'location nestedValidation',
    ]);
  });

  it.each([
    ['an array', []],
    ['a string', 'Paris'],
    ['a number', 7],
    ['null', null],
  ])('rejects %s as input with one root violation', async (_, input) => {
    expect(await validateDto(WeatherArgs, input)).toEqual({
      ok: false,
      violations: [{ path: '', constraint: 'type', message: 'must be an object' }],
    });
  });

  it('treats undefined input as {}', async () => {
    class AllOptional {
      @IsOptional() @IsString() q?: string;
    }
    const result = await validateDto(AllOptional, undefined);
    expect(result.ok && result.value).toBeInstanceOf(AllOptional);
  });

  it('accepts {} for a DTO without properties and rejects anything in it', async () => {
    class NoArgs {}
    const ok = await validateDto(NoArgs, {});
    expect(ok.ok && ok.value).toBeInstanceOf(NoArgs);
    expect(await validateDto(NoArgs, { x: 1 })).toEqual({
      ok: false,
      violations: [{ path: 'x', constraint: 'whitelistValidation', message: 'property x should not exist' }],
    });
  });

  it('builds Date values from ISO strings for @IsDate properties', async () => {
    class Range {
      @IsDate() from!: Date;
    }
    const ok = await validateDto(Range, { from: '2024-05-01T00:00:00Z' });
    expect(ok.ok && ok.value.from).toEqual(new Date('2024-05-01T00:00:00Z'));
    const bad = await validateDto(Range, { from: 'not a date' });
    expect(bad.ok).toBe(false);
  });

  it('validates self-referencing DTOs at any depth', async () => {
    class TreeNode {
      @IsString() label!: string;
      @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
    }
    const result = await validateDto(TreeNode, { label: 'a', children: [{ label: 'b', children: [{ label: 3 }] }] });
    expect(result).toEqual({
      ok: false,
      violations: [
        { path: 'children[0].children[0].label', constraint: 'isString', message: 'label must be a string' },
      ],
    });
  });

  it('accepts the values of enums', async () => {
    enum Level {
      Low = 1,
      High = 2,
    }
    class Alert {
      @IsEnum(Level) level!: Level;
    }
    expect((await validateDto(Alert, { level: 2 })).ok).toBe(true);
    expect((await validateDto(Alert, { level: 3 })).ok).toBe(false);
  });
});

describe('formatViolations', () => {
  it('prints one "path: message" line per violation, "(root)" for the root', () => {
    expect(
      formatViolations([
        { path: '', constraint: 'type', message: 'must be an object' },
        { path: 'tags[0].name', constraint: 'isString', message: 'name must be a string' },
      ]),
    ).toBe('(root): must be an object\ntags[0].name: name must be a string');
  });

  it('waits for asynchronous constraints at the root, on each item and in nested DTOs, agreeing with class-validator', async () => {
    expect('compiled' in validationPlan(Codes)).toBe(true);
    const cases: unknown[] = [
      { own: 'ok' },
      { own: 'no' },
      { own: 'ok', list: ['ok', 'ok'] },
      { own: 'ok', list: ['ok', 'no'] },
      { own: 'ok', one: { code: 'ok' } },
      { own: 'ok', one: { code: 'no' } },
      { own: 'ok', many: [{ code: 'ok' }, { code: 'ok' }] },
      { own: 'ok', many: [{ code: 'ok' }, { code: 'no' }] },
      { own: 'ok', list: ['ok'], one: { code: 'ok' }, many: [{ code: 'ok' }] },
    ];
    const verdicts = [];
    for (const input of cases) {
      const result = await validateDto(Codes, input);
      const reference = await validate(
        Object.assign(new Codes(), input, {
          one: (input as Codes).one && Object.assign(new Code(), (input as Codes).one),
          many: (input as Codes).many?.map((item) => Object.assign(new Code(), item)),
        }),
      );
      verdicts.push([result.ok, reference.length === 0]);
    }
    expect(verdicts.map(([ours]) => ours)).toEqual([true, false, true, false, true, false, true, false, true]);
    expect(verdicts.map(([, theirs]) => theirs)).toEqual(verdicts.map(([ours]) => ours));
  });
});
