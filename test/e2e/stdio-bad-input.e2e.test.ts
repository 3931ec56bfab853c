import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './support/spawn-example';

jest.setTimeout(20_000);

const INIT = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw stdio peer: what it writes is bytes, what it reads is every stdout line. */
class RawPeer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  private buffer = '';
  private waiters: (() => void)[] = [];

  constructor() {
    this.child = spawn(
      process.execPath,
      ['-r', join(__dirname, '..', '..', 'loader', 'register.cjs'), join(__dirname, 'support', 'noisy.server.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ARMATURE_LOG_LEVEL: 'warn' },
      },
    );
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  write(data: string | Buffer): void {
    this.child.stdin.write(data);
  }

  /** Writes and resolves once the bytes are handed to the pipe. */
  flushed(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.child.stdin.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  send(message: object): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  /** The next line on stdout, as soon as it is written; fails if the server exits first. */
  async next(): Promise<Record<string, any>> {
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null)
        throw new Error(`the server exited (${this.child.exitCode}) with nothing more on stdout`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        this.child.once('exit', () => resolve());
      });
    }
    return JSON.parse(this.lines.shift() as string);
  }

  /** Resolves once stderr has shown `text` (user code's console output goes there). */
  async stderrShows(text: string): Promise<void> {
    while (!this.stderr.includes(text)) await once(this.child.stderr, 'data');
  }

  exit(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
  }
}

describe('stdio transport with bad input', () => {
  let peer: RawPeer;

  beforeEach(async () => {
    peer = new RawPeer();
    peer.send(INIT);
    expect((await peer.next()).id).toBe(0);
    peer.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });

  afterEach(() => {
    peer.child.kill('SIGKILL');
  });

  it('keeps stdout for MCP messages: console output of user code goes to stderr', async () => {
    peer.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'chatty', arguments: {} } });
    expect(await peer.next()).toMatchObject({ id: 1, result: { content: [{ text: 'ok' }] } });
    expect(peer.lines).toEqual([]);
  });

  it('answers malformed JSON with -32700 and keeps serving', async () => {
    peer.write('{"jsonrpc": "2.0", "id": 1, "method": \n');
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32700 } });
    peer.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    expect(await peer.next()).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
  });

  it('answers invalid UTF-8 with -32700 and keeps serving', async () => {
    peer.write(
      Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":1,"method":"p'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n'),
      ]),
    );
    expect(await peer.next()).toMatchObject({ error: { code: -32700, message: expect.stringMatching(/UTF-8/) } });
    peer.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    expect((await peer.next()).id).toBe(2);
  });

  it('answers a valid JSON value that is no message with -32600', async () => {
    peer.write('[1, 2]\n');
    expect(await peer.next()).toMatchObject({ error: { code: -32600 } });
  });

  it('refuses a message nested 10,000 deep with -32600 naming the limit, and keeps serving', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    peer.write(`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"chatty","arguments":{"a":${deep}}}}\n`);
    expect(await peer.next()).toMatchObject({
      id: 8,
      error: { code: -32600, message: expect.stringMatching(/deeper than 128 levels/) },
    });
    peer.send({ jsonrpc: '2.0', id: 9, method: 'ping' });
    expect(await peer.next()).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
  });

  it('joins a message split across writes', async () => {
    const text = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' });
    await peer.flushed(text.slice(0, 10));
    peer.write(`${text.slice(10)}\n`);
    expect(await peer.next()).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
  });

  it('refuses a line over the size limit without buffering it, then keeps serving', async () => {
    peer.write(`{"jsonrpc":"2.0","id":4,"method":"ping","params":{"pad":"${'x'.repeat(200 * 1024)}"}}\n`);
    expect(await peer.next()).toMatchObject({
      id: null,
      error: { code: -32600, message: expect.stringMatching(/exceeds 65536 bytes \(maxMessageBytes\)/) },
    });
    peer.send({ jsonrpc: '2.0', id: 5, method: 'ping' });
    expect((await peer.next()).id).toBe(5);
  });

  it('finishes in-flight requests after EOF, then exits 0', async () => {
    peer.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'sleep', arguments: { ms: 300 } } });
    peer.child.stdin.end();
    expect(await peer.next()).toMatchObject({ id: 6, result: { content: [{ text: 'slept 300' }] } });
    expect(await peer.exit()).toBe(0);
  });

  it('drains in-flight requests on SIGTERM, then exits 0', async () => {
    peer.send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'sleep', arguments: { ms: 300 } } });
    await peer.stderrShows('sleeping 300 ms'); // the request is in flight
    peer.child.kill('SIGTERM');
    expect(await peer.next()).toMatchObject({ id: 7, result: { content: [{ text: 'slept 300' }] } });
    expect(await peer.exit()).toBe(0);
  });
});
