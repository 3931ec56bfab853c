import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from 'armature-mcp/testing';
import { GreeterServer } from '../src/greeter.server';

type Content = { type: string; text: string };

// TestClient talks MCP to the server in memory: no process, no socket.
describe('GreeterServer', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.connect(GreeterServer);
  });
  after(() => client.close());

  it('greets in the language asked for, English by default', async () => {
    const french = await client.callTool('greet', { name: 'Ada', language: 'fr' });
    assert.deepEqual(french.content, [{ type: 'text', text: 'Bonjour, Ada!' }]);
    const english = await client.callTool('greet', { name: 'Ada' });
    assert.equal((english.content as Content[])[0].text, 'Hello, Ada!');
  });

  it('answers invalid arguments with an error the model can act on', async () => {
    const result = await client.callTool('greet', { name: 'Ada', language: 'la' });
    assert.equal(result.isError, true);
    assert.match((result.content as Content[])[0].text, /language/);
  });

  it('reads a greeting through the resource template', async () => {
    const result = await client.readResource('greetings://es');
    assert.deepEqual(result.contents, [{ uri: 'greetings://es', mimeType: 'text/plain', text: 'Hola' }]);
  });

  it('refuses an unknown language with "resource not found"', async () => {
    await assert.rejects(client.readResource('greetings://la'), /Unknown language "la"/);
  });

  it('builds the welcome prompt from its arguments', async () => {
    const result = await client.getPrompt('welcome', { name: 'Grace', team: 'compilers' });
    const messages = result.messages as { role: string; content: Content }[];
    assert.equal(messages[0].role, 'user');
    assert.match(messages[0].content.text, /Grace, who is joining us to the compilers team/);
  });
});
