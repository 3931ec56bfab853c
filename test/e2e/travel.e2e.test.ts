import { StreamableHTTPClientTransport as StatelessHttp } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { TravelServer } from '../../examples/travel/travel.server';
import { Logger, McpApplication } from '../../src';
import {
  type Answers,
  connectSessionPeer,
  connectStatelessPeer,
  type Peer,
  sessionPeerOver,
  statelessPeerOver,
} from './support/peers';

jest.setTimeout(30_000);

let app: McpApplication | undefined;
async function overHttp(): Promise<string> {
  app ??= await McpApplication.create(TravelServer, { logger: new Logger('armature', 'warn') });
  if (!app.url) await app.listen({ transport: 'streamable-http', port: 0 });
  return app.url as string;
}
afterAll(async () => {
  await app?.close(2000);
});

/**
 * Asking the client, in both eras and on both transports: the session era sends real requests,
 * 2026-07-28 answers input_required and replays the handler. The test code is the same.
 */
describe.each([
  ['session era, stdio', (answers: Answers) => connectSessionPeer('travel', answers)],
  ['2026-07-28, stdio', (answers: Answers) => connectStatelessPeer('travel', answers)],
  [
    'session era, streamable HTTP',
    async (answers: Answers) => sessionPeerOver(new SessionHttp(new URL(await overHttp())), answers),
  ],
  [
    '2026-07-28, streamable HTTP',
    async (answers: Answers) => statelessPeerOver(new StatelessHttp(new URL(await overHttp())), answers),
  ],
])('travel example, %s', (_name, connect) => {
  const answers: Answers = {};
  let peer: Peer;
  beforeAll(async () => {
    peer = await connect(answers);
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('asks for a form derived from the DTO, with formats, titled enums and defaults', async () => {
    answers.elicit = () => ({
      action: 'accept',
      content: { name: 'Ada', email: 'ada@example.com', cabin: 'business' },
    });
    const result = await peer.callTool('book_trip', { destination: 'Lisbon' });
    expect(result.content[0].text).toBe('Booked 1 business seat(s) to Lisbon for Ada <ada@example.com>');
    const asked = peer.asked.at(-1);
    expect(asked?.method).toBe('elicitation/create');
    expect(asked?.params.requestedSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Name on the booking' },
        email: { type: 'string', format: 'email', description: 'Where the confirmation goes' },
        travellers: { type: 'integer', minimum: 1, maximum: 9, description: 'Travellers', default: 1 },
        cabin: {
          type: 'string',
          oneOf: [
            { const: 'economy', title: 'Economy' },
            { const: 'business', title: 'Business class' },
          ],
          default: 'economy',
        },
        insurance: { type: 'boolean', description: 'Add travel insurance', default: false },
      },
      required: ['name', 'email'],
    });
  });

  it('hands the handler a decline or a cancel as such', async () => {
    answers.elicit = () => ({ action: 'decline' });
    expect((await peer.callTool('book_trip', { destination: 'Oslo' })).content[0].text).toBe(
      'Booking declined by the traveller',
    );
    answers.elicit = () => ({ action: 'cancel' });
    expect((await peer.callTool('book_trip', { destination: 'Oslo' })).content[0].text).toBe('Booking cancelled');
  });

  it('refuses an answer that does not match the form, naming the field', async () => {
    answers.elicit = () => ({ action: 'accept', content: { name: 'Ada', email: 'not-an-email' } });
    const result = await peer.callTool('book_trip', { destination: 'Rome' });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/^email: /m);
  });

  it('sends the user to a URL (URL-mode elicitation)', async () => {
    answers.elicit = () => ({ action: 'accept' });
    expect((await peer.callTool('pay', {})).content[0].text).toBe('Payment page opened (tracked)');
    const asked = peer.asked.at(-1);
    expect(asked?.params).toMatchObject({ mode: 'url', url: 'https://pay.example.com/checkout/42' });
    if (peer.era === 'session') expect(typeof asked?.params.elicitationId).toBe('string');
    else expect(asked?.params.elicitationId).toBeUndefined();
  });

  it('asks the client model, offering it a tool', async () => {
    answers.sample = () => ({
      role: 'assistant',
      content: [{ type: 'text', text: 'Pack a raincoat.' }],
      model: 'test-model',
      stopReason: 'endTurn',
    });
    expect((await peer.callTool('packing_list', { destination: 'Bergen' })).content[0].text).toBe('Pack a raincoat.');
    const asked = peer.asked.at(-1);
    expect(asked?.params.tools[0].name).toBe('get_weather');
    expect(asked?.params.toolChoice).toEqual({ mode: 'auto' });
  });

  it("reads the client's roots", async () => {
    answers.roots = () => ({ roots: [{ uri: 'file:///home/ada/trips', name: 'trips' }] });
    expect((await peer.callTool('document_folders', {})).content[0].text).toBe('trips');
  });
});
