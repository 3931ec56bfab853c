import { McpApplication } from '../../src';
import { TestClient } from '../../src/testing';
import { FixtureServer } from './fixtures';

describe('tools through the whole pipeline', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.connect(FixtureServer);
  });

  it('advertises the DTO as the input schema and the output DTO as the output schema', async () => {
    const { tools } = (await client.listTools()) as { tools: Record<string, any>[] };
    const add = tools.find((t) => t.name === 'add');
    expect(add?.inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'integer', description: 'First addend' }, b: { type: 'integer', minimum: 0 } },
      required: ['a', 'b'],
      additionalProperties: false,
    });
    expect(add?.outputSchema).toMatchObject({ properties: { sum: { type: 'integer' } } });
  });

  it('returns structuredContent and its JSON as text when an output schema exists', async () => {
    expect(await client.callTool('add', { a: 2, b: 3 })).toEqual({
      content: [{ type: 'text', text: '{"sum":5}' }],
      structuredContent: { sum: 5 },
    });
  });

  it('returns one line per violated constraint, with its property, so a model can correct itself', async () => {
    const result = await client.callTool('add', { a: 'two', b: -1, c: true });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[])[0].text;
    expect(text).toMatch(/^a: /m);
    expect(text).toMatch(/^b: /m);
    expect(text).toMatch(/^c: /m);
  });

  it('masks unexpected errors by default', async () => {
    const result = await client.callTool('explode', {});
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('shows unexpected errors when the app runs with exposeErrors', async () => {
    const app = await McpApplication.create(FixtureServer, { exposeErrors: true });
    const exposed = await TestClient.connect(app);
    expect(JSON.stringify(await exposed.callTool('explode', {}))).toContain('hunter2');
  });

  it('answers an unknown tool with -32602', async () => {
    await expect(client.callTool('nope', {})).rejects.toMatchObject({ code: -32602, message: 'Unknown tool: nope' });
  });

  it('refuses non-object arguments with -32602', async () => {
    await expect(client.request('tools/call', { name: 'add', arguments: 'a=1' })).rejects.toMatchObject({
      code: -32602,
    });
  });
});
