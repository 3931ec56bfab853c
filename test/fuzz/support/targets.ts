import { Agent, request as httpRequest } from 'node:http';
import { PassThrough } from 'node:stream';
import { ConformanceServer } from '../../../examples/conformance/conformance.server';
import { Logger, McpApplication } from '../../../src';
import { StdioTransport } from '../../../src/transports/stdio.transport';
import { type FuzzEra, type FuzzInput, STATELESS_META } from './mutations';

/** What one input did to a transport. */
export type Verdict = 'ok' | 'hang' | '5xx' | 'malformed';

/** A transport under fuzzing: it takes one input at a time and says how the server answered. */
export interface FuzzTarget {
  readonly name: string;
  readonly era: FuzzEra;
  send(input: FuzzInput): Promise<Verdict>;
  /** A valid call, answered correctly? */
  probe(): Promise<boolean>;
  close(): Promise<void>;
}

export const DEADLINE_MS = 10_000;
type Json = Record<string, any>;

/** A JSON-RPC message as a server may write it: a response with result or error, or a request or notification. */
export function wellFormed(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Json;
  if (m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string') return m.params === undefined || typeof m.params === 'object';
  if (!('id' in m) || !(typeof m.id === 'string' || typeof m.id === 'number' || m.id === null)) return false;
  if ('result' in m) return typeof m.result === 'object' && m.result !== null;
  return typeof m.error?.code === 'number' && typeof m.error?.message === 'string';
}

const answersId = (messages: Json[], id: unknown) => messages.some((m) => !('method' in m) && m.id === id);

function parseSse(text: string): string[] {
  return text
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '');
}

function parseAll(texts: string[]): Json[] | undefined {
  const out: Json[] = [];
  for (const text of texts) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    for (const m of Array.isArray(value) ? value : [value]) {
      if (!wellFormed(m)) return undefined;
      out.push(m as Json);
    }
  }
  return out;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function post(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; type: string; text: string } | 'hang'> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', () => undefined);
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('hang');
    }, DEADLINE_MS);
    // A server that refuses a body early (413) may close before it is all sent: that is an answer too.
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 413, type: 'closed', text: '' });
    });
    req.end(body);
  });
}

async function serve(options: Json): Promise<{ app: McpApplication; url: string }> {
  const app = await McpApplication.create(ConformanceServer, { logger: new Logger('fuzz', 'silent') });
  await app.listen({ port: 0, ...options });
  return { app, url: app.url as string };
}

const VALID_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const PROBE = (id: string, era: FuzzEra) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'test_simple_text', arguments: {}, ...(era === 'stateless' ? { _meta: STATELESS_META } : {}) },
});
const probeAnswered = (messages: Json[], id: string) =>
  messages.some((m) => m.id === id && m.result?.content?.[0]?.type === 'text' && !m.result.isError);

/** Streamable HTTP, either era, in this process. */
export async function streamableHttp(era: FuzzEra): Promise<FuzzTarget> {
  const { app, url } = await serve({ transport: 'streamable-http' });
  const eraHeaders: Record<string, string> = {};
  if (era === 'session') {
    const init = await post(
      url,
      VALID_HEADERS,
      Buffer.from(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
        }),
      ),
    );
    if (init === 'hang' || init.status !== 200) throw new Error('initialize failed');
    const session = await sessionIdOf(url);
    eraHeaders['mcp-session-id'] = session;
    await post(
      url,
      { ...VALID_HEADERS, ...eraHeaders },
      Buffer.from('{"jsonrpc":"2.0","method":"notifications/initialized"}'),
    );
  } else {
    eraHeaders['mcp-protocol-version'] = '2026-07-28';
  }
  let probes = 0;
  // As 2026-07-28 clients do: a value that is not printable ASCII travels as =?base64?...?=.
  const headerValue = (value: string): string =>
    /^[\x20-\x7e]*$/.test(value) ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
  const headersFor = (body: Buffer): Record<string, string> => {
    if (era === 'session') return { ...VALID_HEADERS, ...eraHeaders };
    const headers: Record<string, string> = { ...VALID_HEADERS, ...eraHeaders };
    try {
      const m = JSON.parse(body.toString('utf8'));
      if (typeof m?.method === 'string') headers['mcp-method'] = headerValue(m.method);
      const name = m?.params?.name ?? m?.params?.uri;
      if (typeof name === 'string') headers['mcp-name'] = headerValue(name);
    } catch {}
    return headers;
  };
  const exchange = async (input: FuzzInput): Promise<{ verdict: Verdict; messages: Json[] }> => {
    const res = await post(url, input.headers ?? headersFor(input.body), input.body);
    if (res === 'hang') return { verdict: 'hang', messages: [] };
    if (res.status >= 500) return { verdict: '5xx', messages: [] };
    if (res.type === 'closed') return { verdict: 'ok', messages: [] };
    if (res.status === 202) return { verdict: res.text === '' ? 'ok' : 'malformed', messages: [] };
    const texts = res.type.startsWith('text/event-stream') ? parseSse(res.text) : [res.text];
    const messages = parseAll(texts);
    if (!messages) return { verdict: 'malformed', messages: [] };
    if (res.status === 200 && input.expectId !== undefined && !answersId(messages, input.expectId)) {
      return { verdict: 'malformed', messages };
    }
    return { verdict: 'ok', messages };
  };
  return {
    name: `streamable HTTP (${era === 'session' ? '2025-11-25' : '2026-07-28'})`,
    era,
    send: async (input) => (await exchange(input)).verdict,
    probe: async () => {
      const id = `probe-${probes++}`;
      const body = Buffer.from(JSON.stringify(PROBE(id, era)));
      const { verdict, messages } = await exchange({ body, expectId: id });
      return verdict === 'ok' && probeAnswered(messages, id);
    },
    close: () => app.close(2000),
  };

  async function sessionIdOf(endpoint: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(endpoint, { method: 'POST', headers: VALID_HEADERS, agent }, (res) => {
        res.resume();
        const id = res.headers['mcp-session-id'];
        if (typeof id === 'string') resolve(id);
        else reject(new Error('no session id'));
      });
      req.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
        }),
      );
    });
  }
}

/** A stream of JSON-RPC messages (stdout lines, SSE events) collected as they come, with waiting by id. */
class Inbox {
  readonly messages: Json[] = [];
  malformed = 0;
  private waiters: (() => void)[] = [];

  take(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.malformed++;
      return;
    }
    for (const m of Array.isArray(value) ? value : [value]) {
      if (wellFormed(m)) this.messages.push(m as Json);
      else this.malformed++;
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until a response with `id` arrived; false at the deadline. */
  async answered(id: unknown): Promise<boolean> {
    const deadline = Date.now() + DEADLINE_MS;
    while (!answersId(this.messages, id)) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    // What was read is no longer needed: keep the inbox small over 100,000 inputs.
    if (this.messages.length > 1000) this.messages.splice(0, this.messages.length - 100);
    return true;
  }
}

/** A target whose answers arrive on a separate stream (stdio, legacy SSE): each input is followed by a probe ping. */
function streamTarget(
  name: string,
  inbox: Inbox,
  write: (input: FuzzInput) => Promise<Verdict | undefined>,
  close: () => Promise<void>,
): FuzzTarget {
  let pings = 0;
  let probes = 0;
  return {
    name,
    era: 'session',
    send: async (input) => {
      const malformedBefore = inbox.malformed;
      const refused = await write(input);
      if (refused) return refused;
      const ping = `ping-${pings++}`;
      const pinged = write({ body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: ping, method: 'ping' })) });
      if ((await pinged) !== undefined || !(await inbox.answered(ping))) return 'hang';
      if (input.expectId !== undefined && !(await inbox.answered(input.expectId))) return 'hang';
      return inbox.malformed > malformedBefore ? 'malformed' : 'ok';
    },
    probe: async () => {
      const id = `probe-${probes++}`;
      await write({ body: Buffer.from(JSON.stringify(PROBE(id, 'session'))) });
      return (await inbox.answered(id)) && probeAnswered(inbox.messages, id);
    },
    close,
  };
}

/** stdio, in this process, over in-memory pipes. */
export async function stdio(): Promise<FuzzTarget> {
  const app = await McpApplication.create(ConformanceServer, { logger: new Logger('fuzz', 'silent') });
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new StdioTransport(new Logger('fuzz', 'silent'), { input, output });
  await transport.start(app.engine);
  const inbox = new Inbox();
  let buffer = '';
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) inbox.take(line);
  });
  const writeLine = async (body: Buffer) => {
    // A newline inside the bytes would make two messages of one: stdio frames by lines.
    input.write(Buffer.concat([Buffer.from(body.toString('latin1').replace(/\n/g, ' '), 'latin1'), Buffer.from('\n')]));
    return undefined;
  };
  await writeLine(
    Buffer.from(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
      }),
    ),
  );
  await inbox.answered('init');
  await writeLine(Buffer.from('{"jsonrpc":"2.0","method":"notifications/initialized"}'));
  return streamTarget(
    'stdio',
    inbox,
    (i) => writeLine(i.body),
    () => transport.close(2000),
  );
}

/** Legacy HTTP+SSE (2024-11-05), in this process. */
export async function legacySse(): Promise<FuzzTarget> {
  const { app, url } = await serve({ transport: 'sse' });
  const inbox = new Inbox();
  const abort = new AbortController();
  const stream = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let endpoint = '';
  let gotEndpoint!: () => void;
  const ready = new Promise<void>((resolve) => (gotEndpoint = resolve));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const data = parseSse(`${block}\n\n`)[0];
        if (block.includes('event: endpoint')) {
          endpoint = new URL(data, url).toString();
          gotEndpoint();
        } else if (data !== undefined) inbox.take(data);
      }
    }
  })();
  await ready;
  const write = async (input: FuzzInput): Promise<Verdict | undefined> => {
    const res = await post(endpoint, input.headers ?? { 'content-type': 'application/json' }, input.body);
    if (res === 'hang') return 'hang';
    if (res.status >= 500) return '5xx';
    if (res.status === 202) return res.text === '' ? undefined : 'malformed';
    if (res.type === 'closed') return 'ok';
    return parseAll([res.text]) ? 'ok' : 'malformed';
  };
  await write({
    body: Buffer.from(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
      }),
    ),
  });
  await inbox.answered('init');
  await write({ body: Buffer.from('{"jsonrpc":"2.0","method":"notifications/initialized"}') });
  return streamTarget('legacy SSE', inbox, write, async () => {
    abort.abort();
    await app.close(2000);
  });
}
