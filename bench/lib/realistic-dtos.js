// The bench's tool inputs, written as tsc emits decorated classes: echo's one string, the realistic
// tool's eight-field TripArgs (formats, lengths, an enum, a range, an optional array of nested Stop DTOs),
// and distinct small DTOs for servers that declare many. One definition for servers/armature.js and
// realistic-call.js, so the in-process and HTTP measurements validate the same classes.
const { __decorate, __metadata } = require('./tsc-decorate');

/** `@A() @B() name: T` as tsc emits it. */
const property = (cls, name, type, ...decorators) =>
  __decorate([...decorators, __metadata('design:type', type)], cls.prototype, name, undefined);

/** `Field` from the Armature build under test, `cv` the class-validator that build resolves. */
function benchDtos(Field, cv) {
  class EchoArgs {}
  property(EchoArgs, 'text', String, cv.IsString());

  class Stop {}
  property(Stop, 'city', String, cv.IsString(), cv.Length(1, 60));
  property(Stop, 'nights', Number, cv.IsInt(), cv.Min(0), cv.Max(30));
  const Pace = { relaxed: 'relaxed', steady: 'steady', fast: 'fast' };
  class TripArgs {}
  property(TripArgs, 'title', String, cv.IsString(), cv.Length(1, 80));
  property(TripArgs, 'contact', String, cv.IsEmail());
  property(TripArgs, 'website', String, cv.IsOptional(), cv.IsUrl());
  property(TripArgs, 'start', String, cv.IsDateString());
  property(TripArgs, 'pace', String, cv.IsEnum(Pace));
  property(TripArgs, 'travellers', Number, cv.IsInt(), cv.Min(1), cv.Max(12));
  property(TripArgs, 'reference', String, cv.IsUUID('4'));
  property(
    TripArgs,
    'stops',
    Array,
    cv.IsOptional(),
    cv.IsArray(),
    cv.ArrayMaxSize(10),
    cv.ValidateNested({ each: true }),
    Field({ type: () => Stop }),
  );

  /** DTO class number i: distinct, three validated fields, like the many small inputs of a large server. */
  function otherDto(i) {
    const cls = { [`OtherArgs${i}`]: class {} }[`OtherArgs${i}`];
    property(cls, `name${i}`, String, cv.IsString(), cv.Length(1, 40));
    property(cls, 'count', Number, cv.IsOptional(), cv.IsInt(), cv.Min(0));
    property(cls, 'flag', Boolean, cv.IsOptional(), cv.IsBoolean());
    return cls;
  }

  return { EchoArgs, TripArgs, otherDto };
}

module.exports = { benchDtos };
