import { connectSessionPeer, connectStatelessPeer, type Peer } from './support/peers';

jest.setTimeout(30_000);

/** The README's quickstart, run as `npm start` runs it, used by both official clients over stdio. */
describe.each([
  ['session era (sdk 1.32, stdio)', connectSessionPeer],
  ['2026-07-28 (client 2.4, stdio)', connectStatelessPeer],
])('quickstart example, %s', (_name, connect) => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await connect('quickstart');
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('forecasts with the injected service, reporting progress and logging', async () => {
    const progress: number[] = [];
    const result = await peer.callTool(
      'forecast',
      { city: 'Oslo', days: 2 },
      { logLevel: 'info', onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.content[0].text).toBe('Day 1: Snow showers, -2 to 4°\nDay 2: Overcast, 1 to 7°');
    expect(progress).toEqual([1, 2]);
    expect(peer.logs.map((log) => log.data)).toContain('Forecasting 2 days for Oslo');
  });

  it('applies DTO defaults and validation', async () => {
    expect((await peer.callTool('forecast', { city: 'Lisbon' })).content[0].text.split('\n')).toHaveLength(3);
    const invalid = await peer.callTool('forecast', { city: 'Lisbon', days: 30 });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0].text).toMatch(/^days: /m);
  });

  it('lets the model correct itself after an unknown city', async () => {
    const result = await peer.callTool('forecast', { city: 'Atlantis' });
    expect(result).toMatchObject({ isError: true });
    expect(result.content[0].text).toBe('No forecast for "Atlantis". Known cities: oslo, lisbon, tokyo');
  });

  it('reads a resource template and completes its variable', async () => {
    const today = await peer.readResource('weather://cities/tokyo/today');
    expect(JSON.parse(today.contents[0].text)).toMatchObject({ city: 'tokyo', summary: 'Light rain' });
    const completion = await peer.complete({
      ref: { type: 'ref/resource', uri: 'weather://cities/{city}/today' },
      argument: { name: 'city', value: 'l' },
    });
    expect(completion.completion.values).toEqual(['lisbon']);
  });

  it('builds a prompt from its arguments', async () => {
    const prompt = await peer.getPrompt('planTrip', { city: 'Lisbon', interests: 'food' });
    expect(prompt.messages[0].content.text).toBe(
      'Plan a three-day trip to Lisbon. Check the forecast first and plan around it. I enjoy food.',
    );
  });
});
