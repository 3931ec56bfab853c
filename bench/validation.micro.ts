// One DTO validation, timed in-process: the compiled path (validateDto) against class-validator's own walk
// (validateReflectively: plainToInstance + validate, what every call ran before), for a 3-field DTO and the
// realistic 8-field DTO, first alone, then with 2,000 more DTO classes loaded. Run from the repository root:
//   node -r @swc-node/register bench/validation.micro.ts
// Prints microseconds per call (median of 5 timed batches after a warm-up). Single process, no I/O.
import 'reflect-metadata';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, validateDto } from '../src/schema';
import { validateReflectively } from '../src/schema/reflective-validation';
import type { Constructor } from '../src/schema/types';

class ForecastArgs {
  @IsString() @Length(1, 80) city!: string;
  @IsInt() @Min(1) @Max(14) days!: number;
  @IsOptional() @IsBoolean() metric?: boolean;
}

class Stop {
  @IsString() @Length(1, 60) city!: string;
  @IsInt() @Min(0) @Max(30) nights!: number;
}
enum Pace {
  Relaxed = 'relaxed',
  Steady = 'steady',
  Fast = 'fast',
}
class TripArgs {
  @IsString() @Length(1, 80) title!: string;
  @IsEmail() contact!: string;
  @IsOptional() @IsUrl() website?: string;
  @IsDateString() start!: string;
  @IsEnum(Pace) pace!: Pace;
  @IsInt() @Min(1) @Max(12) travellers!: number;
  @IsUUID('4') reference!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Field({ type: () => Stop })
  stops?: Stop[];
}

const CASES: [string, Constructor, object][] = [
  ['3-field DTO, valid', ForecastArgs, { city: 'Oslo', days: 3, metric: true }],
  ['3-field DTO, invalid', ForecastArgs, { city: 'Oslo', days: 30 }],
  [
    'realistic 8-field DTO, valid',
    TripArgs,
    {
      title: 'Alps',
      contact: 'planner@example.com',
      website: 'https://example.com/trips/alps',
      start: '2026-07-28T09:00:00Z',
      pace: 'relaxed',
      travellers: 4,
      reference: '3f0c6b8e-5d0a-4c8e-9b7a-1f2d3c4b5a69',
      stops: [
        { city: 'Innsbruck', nights: 2 },
        { city: 'Bolzano', nights: 3 },
      ],
    },
  ],
];

type Validate = (dto: Constructor, input: object) => Promise<{ ok: boolean }>;

async function perCallMicros(validate: Validate, dto: Constructor, input: object): Promise<number> {
  const batch = 5_000;
  for (let i = 0; i < batch; i++) await validate(dto, input);
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await validate(dto, input);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / batch);
  }
  return samples.sort((a, b) => a - b)[2];
}

/** n distinct DTO classes registered with class-validator, as n tools' inputs would be. */
function loadOtherDtos(n: number): void {
  for (let i = 0; i < n; i++) {
    class Other {}
    Reflect.defineMetadata('design:type', String, Other.prototype, 'name');
    IsString()(Other.prototype, 'name');
    Min(0)(Other.prototype, 'count');
  }
}

async function table(title: string): Promise<void> {
  console.log(`\n${title}`);
  console.log('| call | class-validator walk (before) us | compiled (after) us | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const [name, dto, input] of CASES) {
    const before = await perCallMicros(validateReflectively as Validate, dto, input);
    const after = await perCallMicros(validateDto as Validate, dto, input);
    console.log(`| ${name} | ${before.toFixed(2)} | ${after.toFixed(2)} | ${(before / after).toFixed(1)}x |`);
  }
}

async function main(): Promise<void> {
  for (const [name, dto, input] of CASES) {
    const [a, b] = [await validateReflectively(dto, input), await validateDto(dto, input)];
    if (a.ok !== b.ok) throw new Error(`${name}: the two paths disagree`);
  }
  console.log(
    `node ${process.version}; load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await table('Only these DTO classes loaded');
  loadOtherDtos(2_000);
  await table('With 2,000 other DTO classes loaded');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
