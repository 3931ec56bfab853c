import 'reflect-metadata';
import {
  IsDateString,
  IsEmail,
  IsISO8601,
  IsString,
  IsUrl,
  isEmail,
  isISO8601,
  isURL,
  Length,
  length,
  MaxLength,
  MinLength,
  maxLength,
  minLength,
  ValidateBy,
} from 'class-validator';
import fc from 'fast-check';
import { validateDto } from '../../../src/schema';
import { surelyEmail, surelyIsoDate, surelyUrl } from '../../../src/schema/format-fast-paths';
import type { Constructor } from '../../../src/schema/types';
import { validationPlan } from '../../../src/schema/validation-plan';

// The fast acceptances may only say yes where class-validator's own function says yes. Inputs are built near
// the edges of what they accept (label and local-part lengths, hyphens, underscores, numeric TLDs, odd
// characters), then mutated; every value they accept must be accepted by class-validator too.

const label = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/) },
  fc.stringMatching(/^[a-z0-9_-]{0,3}$/),
  fc.constantFrom('a'.repeat(63), 'a'.repeat(64), 'xn--bcher-kva', '-a', 'a-', 'A_b', 'ü', '１'),
);
const tld = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z]{2,6}$/) },
  fc.constantFrom('c', '1', '12', 'x'.repeat(63), 'x'.repeat(64), 'co1', 'xn--p1ai'),
);
const host = fc.tuple(fc.array(label, { minLength: 0, maxLength: 4 }), tld).map(([ls, t]) => [...ls, t].join('.'));
const atom = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_%+-]{1,8}$/) },
  fc.constantFrom('', 'a'.repeat(64), '"q"', 'a b', "o'k", 'é', '!#$'),
);
const local = fc.array(atom, { minLength: 1, maxLength: 4 }).map((atoms) => atoms.join('.'));
const path = fc.stringMatching(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]{0,12}$/);

/** One to three random insertions, deletions and replacements with characters that matter to the validators. */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const char = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...'.@-_:/?#< >"%\\[]\u00a0\u2028\uFE0F\uD83D１a'.split('')) },
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), char);
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([text, edits]) =>
    edits.reduce((s, [at, how, c]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      if (how === 'insert') return s.slice(0, i) + c + s.slice(i);
      if (how === 'delete') return s.slice(0, i) + s.slice(i + 1);
      return s.slice(0, i) + c + s.slice(i + 1);
    }, text),
  );
}

/** Runs `fast` and `reference` over the values; fast may only accept what the reference accepts. */
function expectSubset(values: fc.Arbitrary<string>, fast: (v: unknown) => boolean, reference: (v: string) => boolean) {
  let accepted = 0;
  let declined = 0;
  fc.assert(
    fc.property(values, (value) => {
      if (fast(value)) {
        accepted++;
        expect({ value, reference: reference(value) }).toEqual({ value, reference: true });
      } else declined++;
    }),
    { numRuns: 5000 },
  );
  // the generators reach both sides of the fast test, so this is not vacuous
  expect(accepted).toBeGreaterThan(300);
  expect(declined).toBeGreaterThan(300);
}

describe('fast acceptances never accept what class-validator refuses', () => {
  it('@IsEmail()', () => {
    const email = fc.tuple(local, host).map(([l, h]) => `${l}@${h}`);
    const long = fc
      .tuple(fc.integer({ min: 60, max: 66 }), fc.integer({ min: 180, max: 200 }))
      .map(([user, domain]) => `${'u'.repeat(user)}@${'d'.repeat(domain - 5).replace(/(.{60})/g, '$1.')}.com`);
    expectSubset(fc.oneof(email, mutated(email), mutated(email), long, mutated(long)), surelyEmail, (v) => isEmail(v));
  });

  it('@IsUrl()', () => {
    const scheme = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('http://', 'https://') },
      fc.constantFrom('HTTP://', 'ftp://', '//', '', 'https:/', 'mailto:'),
    );
    const url = fc
      .tuple(scheme, host, path)
      .map(([scheme, h, p]) => `${scheme}${h}${p && !/^[/?#]/.test(p) ? `/${p}` : p}`);
    expectSubset(fc.oneof(url, mutated(url), mutated(url), fc.webUrl()), surelyUrl, (v) => isURL(v));
  });

  it('@IsDateString() and @IsISO8601()', () => {
    const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
    const date = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two(0, 13), two(0, 32))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${m}-${d}`);
    const zone = fc.oneof(
      fc.constantFrom('', 'Z', 'z', '+00:00', '-23:59', '+24:00', '+0530', '+05'),
      fc.tuple(fc.constantFrom('+', '-'), two(0, 25), two(0, 60)).map(([s, h, m]) => `${s}${h}:${m}`),
    );
    const time = fc
      .tuple(two(0, 25), two(0, 60), fc.option(two(0, 61)), fc.constantFrom('', '.5', '.123456', ',5', '.'), zone)
      .map(([h, m, s, f, z]) => `T${h}:${m}${s === null ? '' : `:${s}${f}`}${z}`);
    const stamp = fc.tuple(date, fc.oneof(fc.constant(''), time)).map(([d, t]) => d + t);
    expectSubset(fc.oneof(stamp, mutated(stamp), mutated(stamp)), surelyIsoDate, (v) => isISO8601(v));
  });

  it('@Length, @MinLength, @MaxLength', () => {
    class Lengths {
      @Length(2, 5) a!: string;
      @MinLength(3) b!: string;
      @MaxLength(4) c!: string;
    }
    const plan = validationPlan(Lengths);
    if (!('compiled' in plan)) throw new Error(plan.reflective);
    const fastOf = (name: string) => {
      const fast = plan.compiled.properties.get(name)?.residual[0].surelyPasses;
      if (!fast) throw new Error(`no fast acceptance for ${name}`);
      return fast;
    };
    const text = mutated(
      fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('ab\uFE0F', '\u{1F600}\u{1F600}', 'abc\uFE0E')),
    );
    expectSubset(text, fastOf('a'), (v) => length(v, 2, 5));
    expectSubset(text, fastOf('b'), (v) => minLength(v, 3));
    expectSubset(text, fastOf('c'), (v) => maxLength(v, 4));
  });
});

describe('which constraints take a fast acceptance', () => {
  const fastFor = (dto: Constructor, property: string) => {
    const plan = validationPlan(dto);
    if (!('compiled' in plan)) throw new Error(plan.reflective);
    return plan.compiled.properties.get(property)?.residual.map((check) => check.surelyPasses !== undefined);
  };

  it('@IsEmail() and @IsUrl() without options, each or not', () => {
    class Contact {
      @IsEmail() email!: string;
      @IsUrl(undefined, { each: true }) sites!: string[];
    }
    expect(fastFor(Contact, 'email')).toEqual([true]);
    expect(fastFor(Contact, 'sites')).toEqual([true]);
  });

  it('@IsDateString() and @IsISO8601() without options', () => {
    class When {
      @IsDateString() start!: string;
      @IsISO8601() end!: string;
      @IsISO8601({ strict: true }) strict!: string;
    }
    expect(fastFor(When, 'start')).toEqual([true]);
    expect(fastFor(When, 'end')).toEqual([true]);
    expect(fastFor(When, 'strict')).toEqual([false]);
  });

  it('not with options, which change what validator.js accepts', async () => {
    class Strict {
      @IsEmail({ host_blacklist: ['example.com'] }) email!: string;
      @IsUrl({ require_port: true }) site!: string;
    }
    expect(fastFor(Strict, 'email')).toEqual([false]);
    expect(fastFor(Strict, 'site')).toEqual([false]);
    const result = await validateDto(Strict, { email: 'a@example.com', site: 'https://example.com' });
    expect(result.ok).toBe(false);
  });

  it('not for a user decorator that only reuses the name', async () => {
    const NotReallyEmail = () =>
      ValidateBy({ name: 'isEmail', constraints: [undefined], validator: { validate: (v) => v === 'ok@x.io' } });
    class Custom {
      @IsString() @NotReallyEmail() email!: string;
    }
    expect(fastFor(Custom, 'email')).toEqual([false]);
    expect((await validateDto(Custom, { email: 'a@example.com' })).ok).toBe(false);
    expect((await validateDto(Custom, { email: 'ok@x.io' })).ok).toBe(true);
  });
});
