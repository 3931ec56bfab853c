import { McpApplication } from '../../src';
import { TestClient } from '../../src/testing';
import { FixtureServer } from './fixtures';

describe.each(['session', 'stateless'] as const)('asking the client, %s era', (era) => {
  it('refuses to send tools in sampling unless the client declared sampling.tools', async () => {
    const client = await TestClient.connect(FixtureServer, {
      era,
      onSample: async () => ({ role: 'assistant', content: { type: 'text', text: 'sunny' }, model: 'm' }),
    });
    if (era === 'session') {
      const result = await client.callTool('askWithTools', {});
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/sampling with tools/);
    } else {
      await expect(client.callTool('askWithTools', {})).rejects.toMatchObject({
        code: -32021,
        data: { requiredCapabilities: { sampling: { tools: {} } } },
      });
    }
  });

  it('sends tools and toolChoice to a client that declared sampling.tools', async () => {
    const asked: Record<string, any>[] = [];
    const client = await TestClient.connect(FixtureServer, {
      era,
      capabilities: { sampling: { tools: {} } },
      onSample: async (params) => {
        asked.push(params);
        return {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Oslo' } }],
          model: 'm',
        };
      },
    });
    const result = await client.callTool('askWithTools', {});
    expect((result.content as { text: string }[])[0].text).toContain('tool_use');
    expect(asked[0].tools[0].name).toBe('get_weather');
    expect(asked[0].toolChoice).toEqual({ mode: 'auto' });
  });

  it('rejects an elicitation answer that does not match the DTO, naming the property', async () => {
    const client = await TestClient.connect(FixtureServer, {
      era,
      onElicit: async () => ({ action: 'accept', content: { answer: 42 } }),
    });
    const result = await client.callTool('confirmTwice', {});
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toMatch(/does not match Confirm:\nanswer: /);
  });
});

describe('a client that never answers', () => {
  it('times the question out, tells the client, and lets the tool report it', async () => {
    const app = await McpApplication.create(FixtureServer, { clientRequestTimeoutMs: 50 });
    const client = await TestClient.connect(app, { onElicit: () => new Promise(() => undefined) });
    const result = await client.callTool('confirmTwice', {});
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toBe(
      'elicitation/create: no answer from the client within 50 ms',
    );
    expect(client.notifications).toContainEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 's0', reason: 'no answer from the client within 50 ms' },
    });
  });
});
