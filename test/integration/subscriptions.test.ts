import { EventEmitter, once } from 'node:events';
import { McpApplication } from '../../src';
import type { JsonRpcMessage } from '../../src/core/protocol/json-rpc';
import { FixtureServer } from './fixtures';

const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

describe('subscriptions/listen (2026-07-28)', () => {
  it('acknowledges what it honors, then streams tagged notifications until cancelled', async () => {
    const app = await McpApplication.create(FixtureServer);
    const sent: JsonRpcMessage[] = [];
    const delivered = new EventEmitter();
    const connection = app.engine.connect({
      send: (m) => {
        sent.push(m);
        delivered.emit('message');
      },
    });
    const acknowledged = once(delivered, 'message');
    const listening = connection.receiveMessage({
      jsonrpc: '2.0',
      id: 'listen:0',
      method: 'subscriptions/listen',
      params: {
        _meta: envelope,
        notifications: { toolsListChanged: true, resourceSubscriptions: ['memo://7', 'unknown://x'] },
      },
    });
    await acknowledged;
    const tag = { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen:0' } };
    expect(sent).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/subscriptions/acknowledged',
        params: { ...tag, notifications: { toolsListChanged: true, resourceSubscriptions: ['memo://7'] } },
      },
    ]);

    app.registry.disableTool('add');
    app.registry.disablePrompt('greet'); // not asked for: not delivered
    app.engine.resourceUpdated('memo://7');
    app.engine.resourceUpdated('memo://8');
    expect(sent.slice(1)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: tag },
      { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { ...tag, uri: 'memo://7' } },
    ]);

    await connection.receiveMessage({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'listen:0' },
    });
    expect(await listening).toBeUndefined();
    app.registry.enableTool('add');
    expect(sent).toHaveLength(3);
  });

  it('is not offered to session-era clients, who have resources/subscribe', async () => {
    const app = await McpApplication.create(FixtureServer);
    const connection = app.engine.connect({ send: () => undefined });
    await connection.receiveMessage({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25' },
    });
    const response = await connection.receiveMessage({
      jsonrpc: '2.0',
      id: 2,
      method: 'subscriptions/listen',
      params: {},
    });
    expect(response).toMatchObject({ error: { code: -32601 } });
  });
});
