import { inspectApplication, inspectionOf, table } from '../../../src/cli/inspect';

const list = (...descriptors: Record<string, unknown>[]) => ({
  enabled: () => descriptors.map((descriptor) => ({ descriptor })),
});

const app = {
  engine: { capabilities: () => ({ tools: { listChanged: true } }), server: { name: 'demo', version: '1.2.3' } },
  registry: {
    tools: list({
      name: 'echo',
      description: 'Echoes',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    }),
    resources: list({ uri: 'demo://a', name: 'a', mimeType: 'text/plain' }),
    templates: list({ uriTemplate: 'demo://{id}', name: 'by-id' }),
    prompts: list({
      name: 'greet',
      description: 'Greets',
      arguments: [{ name: 'who', required: true }, { name: 'tone' }],
    }),
  },
};

describe('inspectApplication', () => {
  it('prints the server, capabilities, one table per kind and the schemas', () => {
    const text = inspectApplication(app);
    expect(text).toContain('Server: demo 1.2.3');
    expect(text).toMatch(/Capabilities:\n {2}\{\n {4}"tools"/);
    expect(text).toMatch(/Tools \(1\):\n {2}NAME +DESCRIPTION\n/);
    expect(text).toMatch(/echo +Echoes/);
    expect(text).toMatch(/demo:\/\/a +a +text\/plain/);
    expect(text).toMatch(/demo:\/\/\{id\} +by-id/);
    expect(text).toMatch(/greet +who, tone\? +Greets/);
    expect(text).toContain('"text": {');
  });

  it('gives the same data as JSON', () => {
    expect(inspectionOf(app)).toMatchObject({
      server: { name: 'demo' },
      tools: [{ name: 'echo' }],
      prompts: [{ name: 'greet' }],
    });
  });

  it('leaves out columns that are empty in every row and truncates long cells', () => {
    const text = table(['a', 'b', 'c'], [['x', '', 'y'.repeat(100)]]);
    expect(text).not.toContain(' B ');
    expect(text.split('\n')[2]).toMatch(/…$/);
  });
});
