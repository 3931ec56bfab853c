import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { elicitationSchema, Field, SchemaError } from '../../../src/schema';

describe('elicitationSchema', () => {
  it('reproduces the conformance fixture with defaults (from property initializers)', () => {
    class DefaultsForm {
      @IsOptional() @IsString() name = 'John Doe';
      @IsOptional() @IsInt() age = 30;
      @IsOptional() @IsNumber() score = 95.5;
      @IsOptional() @IsIn(['active', 'inactive', 'pending']) status = 'active';
      @IsOptional() @IsBoolean() verified = true;
    }
    expect(elicitationSchema(DefaultsForm)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        score: { type: 'number', default: 95.5 },
        status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', default: true },
      },
      required: [],
    });
  });

  it('reproduces the conformance fixture with every enum form', () => {
    class EnumForm {
      @IsOptional() @IsIn(['option1', 'option2', 'option3']) untitledSingle?: string;

      @IsOptional()
      @IsIn(['value1', 'value2', 'value3'])
      @Field({ enumTitles: { value1: 'First Option', value2: 'Second Option', value3: 'Third Option' } })
      titledSingle?: string;

      @IsOptional()
      @IsIn(['opt1', 'opt2', 'opt3'])
      @Field({ enumNames: ['Option One', 'Option Two', 'Option Three'] })
      legacyEnum?: string;

      @IsOptional()
      @IsArray()
      @ArrayMinSize(1)
      @ArrayMaxSize(3)
      @IsIn(['option1', 'option2', 'option3'], { each: true })
      untitledMulti?: string[];

      @IsOptional()
      @IsArray()
      @ArrayMinSize(1)
      @ArrayMaxSize(3)
      @IsIn(['value1', 'value2', 'value3'], { each: true })
      @Field({ enumTitles: { value1: 'First Choice', value2: 'Second Choice', value3: 'Third Choice' } })
      titledMulti?: string[];
    }
    expect(elicitationSchema(EnumForm)).toEqual({
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string',
          oneOf: [
            { const: 'value1', title: 'First Option' },
            { const: 'value2', title: 'Second Option' },
            { const: 'value3', title: 'Third Option' },
          ],
        },
        legacyEnum: {
          type: 'string',
          enum: ['opt1', 'opt2', 'opt3'],
          enumNames: ['Option One', 'Option Two', 'Option Three'],
        },
        untitledMulti: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        },
        titledMulti: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: {
            anyOf: [
              { const: 'value1', title: 'First Choice' },
              { const: 'value2', title: 'Second Choice' },
              { const: 'value3', title: 'Third Choice' },
            ],
          },
        },
      },
      required: [],
    });
  });

  it('keeps string limits, allowed formats, number bounds, titles, descriptions and required fields', () => {
    class Contact {
      @Field({ title: 'Email', description: 'Where we write to' }) @IsEmail() email!: string;
      @IsString() @MinLength(2) @MaxLength(40) name!: string;
      @IsOptional() @IsInt() @Min(0) @Max(120) age?: number;
    }
    const schema = elicitationSchema(Contact);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', title: 'Email', description: 'Where we write to' },
        name: { type: 'string', minLength: 2, maxLength: 40 },
        age: { type: 'integer', minimum: 0, maximum: 120 },
      },
      required: ['email', 'name'],
    });
    expect(schema).not.toHaveProperty('$schema');
    expect(schema).not.toHaveProperty('additionalProperties');
    expect(elicitationSchema(Contact)).toBe(schema);
  });

  describe('rejects what a client form cannot render, naming Class.property', () => {
    class Address {
      @IsString() city!: string;
    }

    it('a nested DTO', () => {
      class Shipping {
        @ValidateNested() @Type(() => Address) address!: Address;
      }
      expect(() => elicitationSchema(Shipping)).toThrow(SchemaError);
      expect(() => elicitationSchema(Shipping)).toThrow(
        /^Shipping\.address: elicitation schemas allow only .*; a nested object \(Address\) cannot be elicited$/,
      );
    });

    class Zip {
      @Matches(/^\d{5}$/) zip!: string;
    }
    class Token {
      @IsUUID() id!: string;
    }
    class Amount {
      @IsPositive() value!: number;
    }
    class Tags {
      @IsString({ each: true }) tags!: string[];
    }
    class Level {
      @IsIn([1, 2]) level!: number;
    }

    it.each([
      ['a pattern', Zip, 'Zip.zip', 'keyword "pattern" is not allowed'],
      ['a format outside email/uri/date/date-time', Token, 'Token.id', 'format "uuid" is not allowed'],
      ['an exclusive bound', Amount, 'Amount.value', 'keyword "exclusiveMinimum" is not allowed'],
      ['an array of free strings', Tags, 'Tags.tags', 'array items must be a string enum'],
      ['a numeric enum', Level, 'Level.level', 'keyword "enum" is not allowed'],
    ])('%s', (_, dto, where, problem) => {
      expect(() => elicitationSchema(dto)).toThrow(where);
      expect(() => elicitationSchema(dto)).toThrow(problem);
    });
  });
});
