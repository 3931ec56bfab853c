import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON (undefined when it is not JSON). */
  json: any;
}

/** The headers a well-behaved streamable HTTP client sends with a POST. */
export const POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/**
 * One HTTP exchange on a fresh connection (`agent: false`), so that a refused oversized body
 * cannot poison the next request, with whatever headers and body the test forges.
 */
export function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs one JSON-RPC message with the usual headers, plus `headers`. */
export function postJson(url: string, message: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return raw(url, { headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(message) });
}

/** Opens a session-era session and returns its id. */
export async function openSession(url: string, protocolVersion = '2025-11-25'): Promise<string> {
  const init = await postJson(url, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-http', version: '1.0.0' } },
  });
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof id !== 'string') throw new Error(`initialize failed: ${init.status} ${init.text}`);
  await postJson(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id });
  return id;
}

export interface SseEventRead {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
}

/**
 * Reads SSE events from a fetch response, handing each to `onEvent` until it returns true (then
 * the read stops) or the stream ends. Bounded by `timeoutMs`.
 */
export async function readEvents(
  response: Response,
  onEvent: (event: SseEventRead) => boolean | undefined,
  timeoutMs = 5000,
): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const deadline = setTimeout(() => void reader.cancel('timeout'), timeoutMs);
  let buffer = '';
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const event: SseEventRead = { data: '' };
        const data: string[] = [];
        let fields = 0;
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon === 0) continue; // a comment (keep-alive)
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          fields++;
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'retry') event.retry = Number(value);
          else if (field === 'data') data.push(value);
        }
        if (fields === 0) continue;
        event.data = data.join('\n');
        if (onEvent(event)) return;
      }
    }
  } finally {
    clearTimeout(deadline);
    reader.releaseLock();
  }
}
