import { once } from 'node:events';
import { container as rootContainer } from 'tsyringe';
import { McpApplication } from '../../src';
import { decodeFrame } from '../../src/protocol/codec';
import { TestClient } from '../../src/testing';
import { Counter, FixtureServer, handlerEvents } from './fixtures';

async function rawConnection(version = '2025-11-25') {
  const app = await McpApplication.create(FixtureServer);
  const sent: unknown[] = [];
  const connection = app.engine.connect({ send: (m) => sent.push(m) });
  await connection.receive(
    decodeFrame(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: version, capabilities: {} },
      }),
    ),
  );
  return { app, connection, sent };
}

describe('the session era', () => {
  it('answers the client version when supported and the latest otherwise', async () => {
    for (const [asked, answered] of [
      ['2024-11-05', '2024-11-05'],
      ['2025-03-26', '2025-03-26'],
      ['2025-06-18', '2025-06-18'],
      ['2025-11-25', '2025-11-25'],
      ['1999-01-01', '2025-11-25'],
    ]) {
      const app = await McpApplication.create(FixtureServer);
      const connection = app.engine.connect({ send: () => undefined });
      const response = await connection.receiveMessage({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: asked, capabilities: {}, clientInfo: { name: 'c', version: '1' } },
      });
      expect(response).toMatchObject({ result: { protocolVersion: answered, serverInfo: { name: 'fixture' } } });
    }
  });

  it('derives capabilities from what is declared', async () => {
    const app = await McpApplication.create(FixtureServer);
    expect(app.engine.capabilities()).toEqual({
      logging: {},
      completions: {},
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      tools: { listChanged: true },
      tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    });
  });

  it('refuses requests before initialize', async () => {
    const app = await McpApplication.create(FixtureServer);
    const connection = app.engine.connect({ send: () => undefined });
    const response = await connection.receiveMessage({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response).toMatchObject({ error: { code: -32600 } });
  });

  it('accepts batches only in 2025-03-26', async () => {
    const batch = decodeFrame(
      '[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]',
    );
    const modern = await rawConnection('2025-11-25');
    expect(await modern.connection.receive(batch)).toMatchObject({ id: null, error: { code: -32600 } });
    const batching = await rawConnection('2025-03-26');
    expect(await batching.connection.receive(batch)).toMatchObject([{ id: 1, result: {} }, { id: 2 }]);
  });

  it('answers an unknown method with -32601', async () => {
    const { connection } = await rawConnection();
    expect(await connection.receiveMessage({ jsonrpc: '2.0', id: 1, method: 'tools/explode' })).toMatchObject({
      error: { code: -32601 },
    });
  });

  it('refuses an elicitation the client did not declare, with a clear message', async () => {
    const client = await TestClient.connect(FixtureServer);
    const result = await client.callTool('confirmTwice', {});
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toMatch(/did not declare the elicitation capability/);
  });

  it('asks the client through real server-to-client requests', async () => {
    const client = await TestClient.connect(FixtureServer, {
      onElicit: async (params) => ({ action: 'accept', content: { answer: String(params.message) } }),
    });
    expect((await client.callTool('confirmTwice', {})).content).toEqual([{ type: 'text', text: 'First? & Second?' }]);
  });

  it('filters log messages by logging/setLevel and reports progress only with a token', async () => {
    const client = await TestClient.connect(FixtureServer, { logLevel: 'error' });
    await client.callTool('add', { a: 1, b: 1 });
    expect(client.notifications).toEqual([]);
  });

  it('aborts the handler on notifications/cancelled and sends no response', async () => {
    const { connection } = await rawConnection();
    const started = once(handlerEvents, 'started');
    const aborted = once(handlerEvents, 'aborted');
    const pending = connection.receiveMessage({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'waitForCancel' },
    });
    await started;
    await connection.receiveMessage({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 7, reason: 'the user gave up' },
    });
    expect(await aborted).toEqual(['the user gave up']);
    expect(await pending).toBeUndefined();
  });

  it('refuses a subscription to a resource that does not exist', async () => {
    const { connection } = await rawConnection();
    const response = await connection.receiveMessage({
      jsonrpc: '2.0',
      id: 3,
      method: 'resources/subscribe',
      params: { uri: 'nowhere://x' },
    });
    expect(response).toMatchObject({ error: { code: -32002, data: { uri: 'nowhere://x' } } });
  });

  it('tells subscribed sessions that a resource changed', async () => {
    const { app, connection, sent } = await rawConnection();
    await connection.receiveMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await connection.receiveMessage({
      jsonrpc: '2.0',
      id: 2,
      method: 'resources/subscribe',
      params: { uri: 'memo://1' },
    });
    app.engine.resourceUpdated('memo://1');
    app.engine.resourceUpdated('memo://2');
    expect(sent).toEqual([{ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'memo://1' } }]);
  });

  it('bounds what one session subscribes to, by count and by the length of the URIs', async () => {
    const { connection } = await rawConnection();
    await connection.receiveMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const subscribe = (id: number, uri: string) =>
      connection.receiveMessage({ jsonrpc: '2.0', id, method: 'resources/subscribe', params: { uri } });
    for (let n = 1; n <= 1000; n++) expect(await subscribe(n, `memo://${n}`)).toMatchObject({ result: {} });
    expect(await subscribe(1001, 'memo://1001')).toMatchObject({
      error: {
        code: -32603,
        message: 'This session already has 1000 resource subscriptions; unsubscribe from some first',
        data: { limit: 'maxSubscriptions', max: 1000 },
      },
    });
    // Subscribing again to what it has costs nothing; unsubscribing makes room.
    expect(await subscribe(1002, 'memo://7')).toMatchObject({ result: {} });
    await connection.receiveMessage({
      jsonrpc: '2.0',
      id: 1003,
      method: 'resources/unsubscribe',
      params: { uri: 'memo://7' },
    });
    expect(await subscribe(1004, 'memo://1001')).toMatchObject({ result: {} });

    // A template matches URIs of up to 8,192 characters: 32 such subscriptions fit in 256 KiB, a 33rd does not.
    const fresh = (await rawConnection()).connection;
    await fresh.receiveMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const long = (n: number) => `memo://${String(n).padStart(8000, '0')}`;
    const answers: unknown[] = [];
    for (let n = 1; n <= 33; n++) {
      const answer = (await fresh.receiveMessage({
        jsonrpc: '2.0',
        id: n,
        method: 'resources/subscribe',
        params: { uri: long(n) },
      })) as { error?: { code: number; data: unknown } };
      answers.push(answer.error ? { code: answer.error.code, data: answer.error.data } : 'subscribed');
    }
    expect(answers).toEqual([
      ...Array.from({ length: 32 }, () => 'subscribed'),
      { code: -32603, data: { limit: 'maxSubscribedUriChars', max: 262144 } },
    ]);
  });

  it('builds the server once, from the container it is given', async () => {
    const counter = new Counter();
    const container = rootContainer.createChildContainer().registerInstance(Counter, counter);
    const app = await McpApplication.create(FixtureServer, { container });
    const client = await TestClient.connect(app, { onElicit: async () => ({ action: 'decline' }) });
    await client.callTool('confirmTwice', {});
    await client.callTool('confirmTwice', {});
    expect(counter.value).toBe(2);
  });
});

describe('roots in the session era', () => {
  it('asks once while the client promises to announce changes, and again after it does', async () => {
    let asked = 0;
    const app = await McpApplication.create(FixtureServer);
    const client = await TestClient.connect(app, {
      capabilities: { roots: { listChanged: true } },
      onRoots: async () => ({ roots: [{ uri: `file:///v${++asked}` }] }),
    });
    expect((await client.callTool('listRoots', {})).content).toEqual([{ type: 'text', text: 'file:///v1' }]);
    expect((await client.callTool('listRoots', {})).content).toEqual([{ type: 'text', text: 'file:///v1' }]);
    await client.notify('notifications/roots/list_changed');
    expect((await client.callTool('listRoots', {})).content).toEqual([{ type: 'text', text: 'file:///v2' }]);
  });
});
