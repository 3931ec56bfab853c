import { ElicitationTracker, McpApplication } from '../../src';
import type { JsonRpcMessage } from '../../src/core/protocol/json-rpc';
import { TestClient } from '../../src/testing';
import { SignInServer } from './fixtures';

describe('URL-mode elicitation', () => {
  it('sends the URL with an id, and later announces its completion to that session', async () => {
    const app = await McpApplication.create(SignInServer);
    const asked: Record<string, unknown>[] = [];
    const client = await TestClient.connect(app, {
      capabilities: { elicitation: { url: {} } },
      onElicit: async (params) => {
        asked.push(params);
        return { action: 'accept' };
      },
    });
    const result = await client.callTool('connectAccount', {});
    const [action, id] = ((result.content as { text: string }[])[0].text as string).split(':');
    expect(action).toBe('accept');
    expect(asked[0]).toMatchObject({ mode: 'url', url: 'https://auth.example.com/start', elicitationId: id });

    const other = await TestClient.connect(app);
    app.engine.bus.publish({ type: 'elicitation_complete', elicitationId: 'someone-else' });
    const tracker = new ElicitationTracker();
    tracker.attach(app.engine);
    tracker.complete(id);
    expect(client.notifications).toEqual([
      { jsonrpc: '2.0', method: 'notifications/elicitation/complete', params: { elicitationId: id } },
    ]);
    expect(other.notifications).toEqual([]);
  });

  it('is not sent to a client that did not declare URL mode', async () => {
    const client = await TestClient.connect(SignInServer, { onElicit: async () => ({ action: 'accept' }) });
    const result = await client.callTool('connectAccount', {});
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/URL elicitation/);
  });

  it('answers -32042 with the URL when a tool cannot go on without it', async () => {
    const client = await TestClient.connect(SignInServer, { capabilities: { elicitation: { url: {} } } });
    await expect(client.callTool('needsSignIn', {})).rejects.toMatchObject({
      code: -32042,
      data: { elicitations: [{ mode: 'url', url: 'https://auth.example.com/start', message: 'Sign in first' }] },
    });
  });

  it('sends no elicitation id on the wire in 2026-07-28, keeping its own in the request state', async () => {
    const app = await McpApplication.create(SignInServer);
    const sent: JsonRpcMessage[] = [];
    const client = await TestClient.connect(app, {
      era: 'stateless',
      capabilities: { elicitation: { url: {} } },
      onElicit: async (params) => {
        sent.push(params as never);
        return { action: 'accept' };
      },
    });
    const result = await client.callTool('connectAccount', {});
    expect((result.content as { text: string }[])[0].text).toMatch(/^accept:[0-9a-f-]{36}$/);
    expect(sent[0]).toEqual({ mode: 'url', message: 'Sign in to continue', url: 'https://auth.example.com/start' });
  });
});
