import 'reflect-metadata';
import { IsBoolean, IsInt, IsNumber, IsString } from 'class-validator';
import { headerValue, paramHeaders } from '../../../src/components/param-headers';
import { dtoToJsonSchema, Field } from '../../../src/schema';

class Routed {
  @IsString()
  @Field({ header: 'Region' })
  region!: string;

  @IsInt()
  @Field({ header: 'Shard' })
  shard!: number;

  @IsBoolean()
  dryRun!: boolean;
}

describe('x-mcp-header arguments', () => {
  it('come from @Field({ header }) and are found with their property path', () => {
    const schema = dtoToJsonSchema(Routed);
    expect((schema.properties as any).region['x-mcp-header']).toBe('Region');
    expect(paramHeaders(schema)).toEqual([
      { name: 'Region', path: ['region'] },
      { name: 'Shard', path: ['shard'] },
    ]);
  });

  it('are found once per DTO schema, shared by every tool that takes it, and still checked every time', () => {
    // A DTO's schema is frozen and shared: 1,000 tools over one DTO walk it once at start-up.
    const schema = dtoToJsonSchema(Routed);
    const first = paramHeaders(schema);
    expect(paramHeaders(schema)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0].path)).toBe(true);
    // A raw JSON Schema may still change: it is walked again.
    const raw = { properties: { a: { type: 'string', 'x-mcp-header': 'A' } } };
    expect(paramHeaders(raw)).toEqual([{ name: 'A', path: ['a'] }]);
    (raw.properties.a as Record<string, unknown>)['x-mcp-header'] = 'Has Space';
    expect(() => paramHeaders(raw)).toThrow(/header token/);
  });

  it('must be on a string, integer or boolean', () => {
    class Bad {
      @IsNumber()
      @Field({ header: 'Ratio' })
      ratio!: number;
    }
    expect(() => paramHeaders(dtoToJsonSchema(Bad))).toThrow(
      /only for string, integer or boolean arguments; "ratio" is number/,
    );
  });

  it('must be a header token, unique ignoring case', () => {
    expect(() => paramHeaders({ properties: { a: { type: 'string', 'x-mcp-header': 'Has Space' } } })).toThrow(
      /header token/,
    );
    expect(() =>
      paramHeaders({
        properties: { a: { type: 'string', 'x-mcp-header': 'Id' }, b: { type: 'string', 'x-mcp-header': 'ID' } },
      }),
    ).toThrow(/used twice/);
  });

  it('reads the value at the path as text, or nothing when absent', () => {
    expect(headerValue({ a: { b: 7 } }, ['a', 'b'])).toBe('7');
    expect(headerValue({ a: true }, ['a'])).toBe('true');
    expect(headerValue({}, ['a', 'b'])).toBeUndefined();
  });
});
