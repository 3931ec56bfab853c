import { IsEmail, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { compileJsonSchema, dtoToJsonSchema, type JsonSchema, SchemaError } from '../../../src/schema';

const rawSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
  additionalProperties: false,
};

describe('compileJsonSchema', () => {
  const check = compileJsonSchema(rawSchema);

  it('accepts valid input, following $ref into $defs', () => {
    expect(check({ name: 'Ada', address: { street: '1 Main St', city: 'London' } })).toEqual([]);
    expect(check({})).toEqual([]);
  });

  it('reports every violation with a readable path', () => {
    expect(check({ name: 1, address: { city: false }, extra: true })).toEqual([
      { path: 'extra', constraint: 'additionalProperties', message: 'is not allowed' },
      { path: 'name', constraint: 'type', message: 'must be string' },
      { path: 'address.city', constraint: 'type', message: 'must be string' },
    ]);
    expect(check('nope')).toEqual([{ path: '', constraint: 'type', message: 'must be object' }]);
  });

  it('compiles once per schema object', () => {
    expect(compileJsonSchema(rawSchema)).toBe(check);
  });

  it('reports required properties and array indexes', () => {
    const validate = compileJsonSchema({
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', required: ['id'] } } },
      required: ['items'],
    });
    expect(validate({})).toEqual([{ path: 'items', constraint: 'required', message: 'is required' }]);
    expect(validate({ items: [{ id: 1 }, {}] })).toEqual([
      { path: 'items[1].id', constraint: 'required', message: 'is required' },
    ]);
  });

  it('checks the common formats without ajv-formats', () => {
    const validate = compileJsonSchema({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        at: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
      },
    });
    expect(
      validate({ email: 'a@b.co', at: '2024-01-02T03:04:05Z', id: '123e4567-e89b-12d3-a456-426614174000' }),
    ).toEqual([]);
    expect(validate({ email: 'nope', at: '2024-01-02', id: 'x' }).map((v) => v.path)).toEqual(['email', 'at', 'id']);
  });

  it('throws SchemaError for an invalid schema', () => {
    expect(() => compileJsonSchema({ type: 'no-such-type' })).toThrow(SchemaError);
  });

  it('validates the schemas dtoToJsonSchema produces, as a second opinion on the converter', () => {
    class Owner {
      @IsEmail() email!: string;
    }
    class Pet {
      @IsString() name!: string;
      @IsOptional() @IsInt() @Min(0) age?: number;
      @ValidateNested() owner!: Owner;
    }
    const validate = compileJsonSchema(dtoToJsonSchema(Pet));
    expect(validate({ name: 'Rex', age: 3, owner: { email: 'a@b.co' } })).toEqual([]);
    expect(validate({ name: 'Rex', age: -1, owner: { email: 'x' }, color: 'red' }).map((v) => v.path)).toEqual([
      'color',
      'age',
      'owner.email',
    ]);
  });
});
