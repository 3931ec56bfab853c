import { connectSessionPeer, connectStatelessPeer, type Peer } from './support/peers';

jest.setTimeout(30_000);

/** Runtime changes reach clients: resource updates and tool-list changes, in both eras over stdio. */
describe.each([
  ['session era (sdk 1.32, stdio)', connectSessionPeer],
  ['2026-07-28 (client 2.4, stdio)', connectStatelessPeer],
])('notes example, %s', (_name, connect) => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await connect('notes');
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('tells a subscriber of notes://index that a note was added', async () => {
    const watch = await peer.watchResource('notes://index');
    await peer.callTool('add_note', { title: 'Groceries', body: 'milk, eggs' });
    expect(await watch.next).toBe('notes://index');
    await watch.stop();
    const index = await peer.readResource('notes://index');
    expect(JSON.parse(index.contents[0].text)).toEqual([{ id: 1, title: 'Groceries' }]);
    expect((await peer.readResource('notes://1')).contents[0].text).toBe('# Groceries\n\nmilk, eggs');
  });

  it('answers a note that does not exist with a JSON-RPC error', async () => {
    await expect(peer.readResource('notes://99')).rejects.toThrow(/No note 99/);
  });

  it('enables a hidden tool at runtime and tells the client the tool list changed', async () => {
    const names = async () => (await peer.listTools()).tools.map((t: { name: string }) => t.name);
    expect(await names()).not.toContain('purge_notes');
    const watch = await peer.watchTools();
    const wrong = await peer.callTool('unlock', { passphrase: 'guess' });
    expect(wrong).toMatchObject({ isError: true, content: [{ text: 'Wrong passphrase' }] });
    await peer.callTool('unlock', { passphrase: 'open sesame' });
    await watch.next;
    await watch.stop();
    expect(await names()).toContain('purge_notes');
    expect((await peer.callTool('purge_notes', {})).content[0].text).toBe('Deleted 1 notes');
  });
});
