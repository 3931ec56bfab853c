import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsDate,
  IsDateString,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNegative,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type Constructor, Description, dtoToJsonSchema, Field, SchemaError } from '../../../src/schema';

const propertiesOf = (dto: Constructor) => dtoToJsonSchema(dto).properties as Record<string, unknown>;

describe('dtoToJsonSchema', () => {
  describe('the document', () => {
    class Point {
      @IsNumber() lat!: number;
      @IsNumber() lon!: number;
    }

    it('is a closed 2020-12 object schema with properties in declaration order', () => {
      expect(dtoToJsonSchema(Point)).toEqual({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { lat: { type: 'number' }, lon: { type: 'number' } },
        required: ['lat', 'lon'],
        additionalProperties: false,
      });
      expect(Object.keys(propertiesOf(Point))).toEqual(['lat', 'lon']);
    });

    it('is computed once, shared and frozen', () => {
      const schema = dtoToJsonSchema(Point);
      expect(dtoToJsonSchema(Point)).toBe(schema);
      expect(Object.isFrozen(schema)).toBe(true);
      expect(Object.isFrozen(schema.properties)).toBe(true);
      expect(() => {
        (schema as Record<string, unknown>).type = 'array';
      }).toThrow(TypeError);
    });

    it('omits "required" when every property is optional, and is empty for a DTO without properties', () => {
      class Filters {
        @IsOptional() @IsString() q?: string;
      }
      class NoArgs {}
      expect(dtoToJsonSchema(Filters)).not.toHaveProperty('required');
      expect(dtoToJsonSchema(NoArgs)).toEqual({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {},
        additionalProperties: false,
      });
    });

    it('lists inherited properties first', () => {
      class Base {
        @IsString() id!: string;
      }
      class Derived extends Base {
        @IsInt() count!: number;
      }
      expect(Object.keys(propertiesOf(Derived))).toEqual(['id', 'count']);
      expect(dtoToJsonSchema(Derived).required).toEqual(['id', 'count']);
    });
  });

  describe('types from validators', () => {
    class Everything {
      @IsString() text!: string;
      @IsInt() whole!: number;
      @IsNumber() real!: number;
      @IsBoolean() flag!: boolean;
      @IsDate() when!: Date;
      @IsDateString() whenText!: string;
      @IsISO8601() iso!: string;
      @IsEmail() email!: string;
      @IsUrl() site!: string;
      @IsUUID() id!: string;
      @IsObject() bag!: Record<string, unknown>;
      @IsArray() list!: unknown[];
      @Equals('v1') version!: string;
    }

    it.each([
      ['text', { type: 'string' }],
      ['whole', { type: 'integer' }],
      ['real', { type: 'number' }],
      ['flag', { type: 'boolean' }],
      ['when', { type: 'string', format: 'date-time' }],
      ['whenText', { type: 'string', format: 'date-time' }],
      ['iso', { type: 'string', format: 'date-time' }],
      ['email', { type: 'string', format: 'email' }],
      ['site', { type: 'string', format: 'uri' }],
      ['id', { type: 'string', format: 'uuid' }],
      ['bag', { type: 'object' }],
      ['list', { type: 'array' }],
      ['version', { type: 'string', const: 'v1' }],
    ])('%s -> %j', (name, schema) => {
      expect(propertiesOf(Everything)[name]).toEqual(schema);
    });
  });

  describe('types from design:type when no validator names one', () => {
    class Inferred {
      @IsNotEmpty() name!: string;
      @IsNotEmpty() count!: number;
      @IsOptional() enabled?: boolean;
      @IsOptional() at?: Date;
      @IsOptional() tags?: string[];
      @Allow() anything: unknown;
    }

    it('reads String, Number, Boolean, Date and Array; minLength 1 only for a non-empty string', () => {
      expect(propertiesOf(Inferred)).toEqual({
        name: { type: 'string', minLength: 1 },
        count: { type: 'number' },
        enabled: { type: 'boolean' },
        at: { type: 'string', format: 'date-time' },
        tags: { type: 'array' },
        anything: {},
      });
    });
  });

  describe('constraints', () => {
    class Constrained {
      @Min(1) @Max(10) @IsInt() rating!: number;
      @IsPositive() amount!: number;
      @IsNegative() debt!: number;
      @MinLength(2) @MaxLength(5) @IsString() code!: string;
      @Length(3, 8) @IsString() nick!: string;
      @Matches(/^[a-z]+$/i) slug!: string;
    }

    it('maps numbers, lengths and patterns (regex source without flags)', () => {
      expect(propertiesOf(Constrained)).toEqual({
        rating: { type: 'integer', minimum: 1, maximum: 10 },
        amount: { type: 'number', exclusiveMinimum: 0 },
        debt: { type: 'number', exclusiveMaximum: 0 },
        code: { type: 'string', minLength: 2, maxLength: 5 },
        nick: { type: 'string', minLength: 3, maxLength: 8 },
        slug: { type: 'string', pattern: '^[a-z]+$' },
      });
    });
  });

  describe('arrays', () => {
    class Lists {
      @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @ArrayUnique() @IsString({ each: true }) tags!: string[];
      @ArrayNotEmpty() @IsInt({ each: true }) @Min(0, { each: true }) counts!: number[];
      @IsIn(['a', 'b'], { each: true }) letters!: string[];
    }

    it('maps sizes and uniqueness, and applies each:true validators to the items', () => {
      expect(propertiesOf(Lists)).toEqual({
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, uniqueItems: true },
        counts: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 },
        letters: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      });
    });
  });

  describe('enums', () => {
    enum Color {
      Red = 'red',
      Green = 'green',
    }
    enum Level {
      Low = 1,
      High = 2,
    }
    enum Ratio {
      Half = 0.5,
      One = 1,
    }
    enum Mixed {
      A = 'a',
      B = 2,
    }
    class Enums {
      @IsEnum(Color) color!: Color;
      @IsEnum(Level) level!: Level;
      @IsEnum(Ratio) ratio!: Ratio;
      @IsEnum(Mixed) mixed!: Mixed;
      @IsIn([1, 2, 3]) size!: number;
      @IsEnum(Color, { each: true }) palette!: Color[];
    }

    it('emits string enum values', () => {
      expect(propertiesOf(Enums).color).toEqual({ type: 'string', enum: ['red', 'green'] });
    });

    it('emits only the values of a numeric enum (no reverse-mapping keys), typed integer or number', () => {
      expect(propertiesOf(Enums).level).toEqual({ type: 'integer', enum: [1, 2] });
      expect(propertiesOf(Enums).ratio).toEqual({ type: 'number', enum: [0.5, 1] });
    });

    it('gives a mixed enum a list of types', () => {
      expect(propertiesOf(Enums).mixed).toEqual({ type: ['string', 'integer'], enum: ['a', 2] });
    });

    it('takes @IsIn values and enum arrays', () => {
      expect(propertiesOf(Enums).size).toEqual({ type: 'integer', enum: [1, 2, 3] });
      expect(propertiesOf(Enums).palette).toEqual({ type: 'array', items: { type: 'string', enum: ['red', 'green'] } });
    });

    it('renders titles as oneOf (single) or items.anyOf (array), and legacy enumNames', () => {
      class Titled {
        @IsEnum(Color) @Field({ enumTitles: { red: 'Red!', green: 'Green!' } }) one!: Color;
        @IsEnum(Color, { each: true }) @Field({ enumTitles: { red: 'Red!' } }) many!: Color[];
        @IsIn(['x', 'y']) @Field({ enumNames: ['Ex', 'Why'] }) legacy!: string;
      }
      expect(propertiesOf(Titled)).toEqual({
        one: {
          type: 'string',
          oneOf: [
            { const: 'red', title: 'Red!' },
            { const: 'green', title: 'Green!' },
          ],
        },
        many: {
          type: 'array',
          items: {
            anyOf: [
              { const: 'red', title: 'Red!' },
              { const: 'green', title: 'green' },
            ],
          },
        },
        legacy: { type: 'string', enum: ['x', 'y'], enumNames: ['Ex', 'Why'] },
      });
    });

    it('rejects titles without enum values and enumNames of the wrong length', () => {
      class NoValues {
        @IsString() @Field({ enumTitles: { a: 'A' } }) a!: string;
      }
      class WrongLength {
        @IsIn(['a', 'b']) @Field({ enumNames: ['A'] }) a!: string;
      }
      expect(() => dtoToJsonSchema(NoValues)).toThrow(
        new SchemaError('NoValues.a: enumTitles/enumNames need @IsIn or @IsEnum'),
      );
      expect(() => dtoToJsonSchema(WrongLength)).toThrow('WrongLength.a: enumNames has 1 names for 2 values');
    });
  });

  describe('required and optional', () => {
    class Optionality {
      @IsString() always!: string;
      @IsOptional() @IsString() maybe?: string;
      @ValidateIf((o: Optionality) => o.always === 'x') @IsString() sometimes?: string;
      @IsOptional() @IsDefined() @IsString() defined!: string;
    }

    it('treats @IsOptional and @ValidateIf as optional, and @IsDefined as required regardless', () => {
      // @IsOptional also lets null through at runtime; the schema keeps the plain type on purpose
      expect(dtoToJsonSchema(Optionality).required).toEqual(['always', 'defined']);
      expect(propertiesOf(Optionality).maybe).toEqual({ type: 'string' });
    });
  });

  describe('annotations and defaults', () => {
    class Annotated {
      @Description('Display name') @IsString() name = 'anonymous';
      @Field({ title: 'Limit', description: 'Max rows', default: 10, examples: [5, 50] }) @IsInt() limit = 20;
      @Field({ format: 'hostname' }) @IsString() host!: string;
      @IsOptional() @IsString({ each: true }) tags: string[] = ['a'];
      @IsOptional() @IsDate() since = new Date('2024-01-02T03:04:05.000Z');
      @IsOptional() @IsString() unset?: string;
      @IsOptional() @IsObject() options = { verbose: true };
    }

    it('takes descriptions, titles and examples from @Field/@Description', () => {
      expect(propertiesOf(Annotated).name).toEqual({
        type: 'string',
        description: 'Display name',
        default: 'anonymous',
      });
      expect(propertiesOf(Annotated).host).toEqual({ type: 'string', format: 'hostname' });
    });

    it('takes defaults from @Field({ default }) first, then from property initializers', () => {
      expect(propertiesOf(Annotated).limit).toEqual({
        type: 'integer',
        title: 'Limit',
        description: 'Max rows',
        default: 10,
        examples: [5, 50],
      });
      expect(propertiesOf(Annotated).tags).toEqual({ type: 'array', items: { type: 'string' }, default: ['a'] });
      expect(propertiesOf(Annotated).since).toEqual({
        type: 'string',
        format: 'date-time',
        default: '2024-01-02T03:04:05.000Z',
      });
      expect(propertiesOf(Annotated).unset).toEqual({ type: 'string' });
      expect(propertiesOf(Annotated).options).toEqual({ type: 'object', default: { verbose: true } });
    });

    it('survives a constructor that needs arguments (no initializer defaults then)', () => {
      class Strict {
        @IsString() name = 'x';
        constructor(required: { value: string }) {
          this.name = required.value;
        }
      }
      expect(propertiesOf(Strict)).toEqual({ name: { type: 'string' } });
    });

    it('rejects @Field on a property class-validator does not know (whitelisting would reject it)', () => {
      class Lonely {
        @Description('ignored by validation') note?: string;
      }
      expect(() => dtoToJsonSchema(Lonely)).toThrow('Lonely.note: @Field needs a class-validator decorator too');
    });
  });

  describe('nested DTOs', () => {
    class Address {
      @IsString() street!: string;
    }
    class Tag {
      @IsString() name!: string;
    }
    class Person {
      @ValidateNested() home!: Address;
      @IsOptional() @ValidateNested() @Type(() => Address) work?: Address;
      @ValidateNested({ each: true }) @Field({ type: () => Tag }) @IsArray() tags!: Tag[];
    }

    it('puts each class once in $defs and refers to it; arrays of DTOs use items.$ref', () => {
      expect(dtoToJsonSchema(Person)).toEqual({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          home: { $ref: '#/$defs/Address' },
          work: { $ref: '#/$defs/Address' },
          tags: { type: 'array', items: { $ref: '#/$defs/Tag' } },
        },
        required: ['home', 'tags'],
        additionalProperties: false,
        $defs: {
          Address: {
            type: 'object',
            properties: { street: { type: 'string' } },
            required: ['street'],
            additionalProperties: false,
          },
          Tag: {
            type: 'object',
            properties: { name: { type: 'string' } },
            required: ['name'],
            additionalProperties: false,
          },
        },
      });
    });

    it('handles self-reference with "#" and mutual references through $defs', () => {
      class TreeNode {
        @IsString() label!: string;
        @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
      }
      expect(propertiesOf(TreeNode).children).toEqual({ type: 'array', items: { $ref: '#' } });
      expect(dtoToJsonSchema(TreeNode)).not.toHaveProperty('$defs');

      class Employee {
        @IsString() name!: string;
        // Ref<T> keeps design:type from touching the not-yet-defined class (a TDZ error otherwise)
        @IsOptional() @ValidateNested() @Type(() => Team) team?: Ref<Team>;
      }
      class Team {
        @IsArray() @ValidateNested({ each: true }) @Type(() => Employee) members!: Employee[];
      }
      const schema = dtoToJsonSchema(Team);
      expect(schema.properties).toEqual({ members: { type: 'array', items: { $ref: '#/$defs/Employee' } } });
      expect((schema.$defs as Record<string, { properties: unknown }>).Employee.properties).toEqual({
        name: { type: 'string' },
        team: { $ref: '#' },
      });
    });

    it('suffixes a second, different class with the same name', () => {
      const first = (() => {
        class Item {
          @IsString() a!: string;
        }
        return Item;
      })();
      const second = (() => {
        class Item {
          @IsInt() b!: number;
        }
        return Item;
      })();
      class Order {
        @ValidateNested() @Type(() => first) x!: InstanceType<typeof first>;
        @ValidateNested() @Type(() => second) y!: InstanceType<typeof second>;
      }
      const schema = dtoToJsonSchema(Order);
      expect(schema.properties).toEqual({ x: { $ref: '#/$defs/Item' }, y: { $ref: '#/$defs/Item_2' } });
      expect(Object.keys(schema.$defs as object)).toEqual(['Item', 'Item_2']);
    });

    it('fails clearly when the nested class is unknown or @ValidateNested is missing', () => {
      class NoType {
        @ValidateNested({ each: true }) @IsArray() tags!: Tag[];
      }
      class NoValidateNested {
        @IsDefined() home!: Address;
      }
      expect(() => dtoToJsonSchema(NoType)).toThrow(
        'NoType.tags: @ValidateNested needs the nested class; add @Type(() => Item) or @Field({ type: () => Item })',
      );
      expect(() => dtoToJsonSchema(NoValidateNested)).toThrow(
        'NoValidateNested.home: a nested DTO needs @ValidateNested()',
      );
    });
  });
});

type Ref<T> = T;
