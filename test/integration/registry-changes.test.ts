import { IsString } from 'class-validator';
import { McpApplication } from '../../src';
import { TestClient } from '../../src/testing';
import { FixtureServer } from './fixtures';

class EchoArgs {
  @IsString()
  text!: string;
}

describe('the registry at runtime', () => {
  it('adds, disables and removes tools, and tells sessions the list changed', async () => {
    const app = await McpApplication.create(FixtureServer);
    const client = await TestClient.connect(app);
    app.registry.addTool({ name: 'echo', description: 'Echoes', input: EchoArgs, handler: (args) => args.text });
    expect(client.notifications.map((n) => n.method)).toEqual(['notifications/tools/list_changed']);
    expect(await client.callTool('echo', { text: 'hi' })).toEqual({ content: [{ type: 'text', text: 'hi' }] });

    app.registry.disableTool('echo');
    const names = ((await client.listTools()).tools as { name: string }[]).map((t) => t.name);
    expect(names).not.toContain('echo');
    await expect(client.callTool('echo', { text: 'hi' })).rejects.toMatchObject({ code: -32602 });

    app.registry.enableTool('echo');
    app.registry.removeTool('echo');
    expect(client.notifications).toHaveLength(4);
  });

  it('pages lists with opaque cursors and refuses forged or stale ones', async () => {
    const app = await McpApplication.create(FixtureServer, { pageSize: 2 });
    const client = await TestClient.connect(app);
    const first = await client.listTools();
    expect((first.tools as unknown[]).length).toBe(2);
    const second = await client.listTools(first.nextCursor as string);
    expect((second.tools as { name: string }[])[0].name).toBe('confirmTwice');
    await expect(client.listTools('not-a-cursor')).rejects.toMatchObject({ code: -32602 });
    app.registry.disableTool('add');
    await expect(client.listTools(first.nextCursor as string)).rejects.toMatchObject({ code: -32602 });
  });

  it('serves list results from a cache rebuilt only on change', async () => {
    const app = await McpApplication.create(FixtureServer);
    const client = await TestClient.connect(app);
    const a = await client.listTools();
    const b = await client.listTools();
    expect(a.tools).toBe(b.tools);
    app.registry.disableTool('add');
    expect((await client.listTools()).tools).not.toBe(a.tools);
  });
});
