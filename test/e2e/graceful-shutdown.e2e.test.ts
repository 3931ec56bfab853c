import { spawn } from 'node:child_process';
import { connectSessionHttpPeer, connectStatelessHttpPeer, serveConformance } from './support/http-peers';
import type { Peer } from './support/peers';
import { exampleCommand } from './support/spawn-example';

jest.setTimeout(60_000);

const CALLS = 64;

/**
 * Starts CALLS progress calls and resolves, with their results, once every one has reported
 * progress (so all are in flight on the server), handing over the results still to come.
 */
async function callsInFlight(peer: Peer): Promise<Promise<Record<string, any>>[]> {
  let started = 0;
  let allStarted!: () => void;
  const inFlight = new Promise<void>((resolve) => {
    allStarted = resolve;
  });
  const results = Array.from({ length: CALLS }, () => {
    let counted = false;
    return peer.callTool(
      'test_tool_with_progress',
      {},
      {
        onprogress: () => {
          if (counted) return;
          counted = true;
          if (++started === CALLS) allStarted();
        },
      },
    );
  });
  await inFlight;
  return results;
}

const completed = (result: Record<string, any>) => result.content?.[0]?.text?.startsWith('Progress test completed');

/**
 * Shutdown loses nothing: every request in flight when the application is asked to close
 * finishes and has its result written on the stream it uses, before the streams close. Each
 * transport carries 64 progress calls (answered on SSE response streams, or alongside the
 * notifications that precede them) when close() is called.
 */
describe.each([
  ['streamable HTTP, session era (SSE response streams)', 'streamable-http', 'session', {}],
  ['streamable HTTP, session era, JSON answers', 'streamable-http', 'session', { responseMode: 'json' }],
  ['streamable HTTP, 2026-07-28', 'streamable-http', 'stateless', {}],
  ['legacy SSE', 'sse', 'session', {}],
] as const)('graceful shutdown over %s', (_name, transport, era, extra) => {
  it(`writes all ${CALLS} in-flight results before closing`, async () => {
    const server = await serveConformance({ transport, ...extra });
    const peer =
      era === 'stateless'
        ? await connectStatelessHttpPeer(server.url)
        : await connectSessionHttpPeer(server.url, transport);
    try {
      const results = await callsInFlight(peer);
      const closed = server.app.close(10_000);
      const settled = await Promise.allSettled(results);
      await closed;
      const answered = settled.filter((s) => s.status === 'fulfilled' && completed(s.value));
      expect(answered).toHaveLength(CALLS);
    } finally {
      await peer.close().catch(() => undefined);
      await server.close();
    }
  });
});

describe('graceful shutdown at the deadline', () => {
  it('answers a request still running at the deadline with an error, never silently', async () => {
    const server = await serveConformance({ transport: 'streamable-http' });
    const peer = await connectSessionHttpPeer(server.url, 'streamable-http');
    try {
      let progressed!: () => void;
      const running = new Promise<void>((resolve) => {
        progressed = resolve;
      });
      const call = peer.callTool('test_tool_with_progress', {}, { onprogress: () => progressed() });
      await running;
      // The tool needs about 100 ms more: a deadline of 1 ms cannot wait for it.
      await server.app.close(1);
      await expect(call).rejects.toThrow(/shut down before the request finished/);
    } finally {
      await peer.close().catch(() => undefined);
    }
  });
});

describe('graceful shutdown over stdio', () => {
  it(`writes all ${CALLS} in-flight results on SIGTERM, then exits 0`, async () => {
    const { command, args, env, cwd } = exampleCommand('conformance');
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const messages: Record<string, any>[] = [];
    let wake: () => void = () => undefined;
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) messages.push(JSON.parse(line));
      wake();
    });
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise<void>((resolve) => (wake = resolve));
    };
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    await until(() => messages.some((m) => m.id === 'init'));
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    for (let id = 1; id <= CALLS; id++) {
      send({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: `p${id}` } },
      });
    }
    const progressed = () =>
      new Set(messages.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progressToken)).size;
    await until(() => progressed() === CALLS);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const results = messages.filter((m) => typeof m.id === 'number' && completed(m.result ?? {}));
    expect(results).toHaveLength(CALLS);
  });
});
