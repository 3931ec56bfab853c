/** One request as the balancer forwarded it. */
export interface Forwarded {
  /** Index of the upstream that got it. */
  upstream: number;
  method: string;
  /** The JSON-RPC methods (or `response`) a POST carried. */
  messages: string[];
  /** The `Last-Event-ID` of a GET that resumes a stream. */
  lastEventId?: string;
  /** Set once the upstream's response headers arrived. */
  answered: boolean;
}

/**
 * A load balancer inside the client: a `fetch` for the official client's transport that sends each
 * HTTP request to the next upstream in turn, with no affinity of any kind (no cookie, no hash).
 * `route` may pin the next requests to chosen upstreams, so a test can say "this lands on B".
 */
export interface FetchBalancer {
  fetch: typeof fetch;
  log: Forwarded[];
  /** Upstreams that are skipped (stopped or killed), as a balancer's health check would. */
  down: Set<number>;
  /** The upstreams the next requests go to, in order, before round-robin resumes. */
  route(...upstreams: number[]): void;
}

export function fetchBalancer(urls: string[]): FetchBalancer {
  const upstreams = urls.map((url) => new URL(url));
  const log: Forwarded[] = [];
  const down = new Set<number>();
  const pinned: number[] = [];
  let next = 0;
  const pick = (): number => {
    const chosen = pinned.shift();
    if (chosen !== undefined) return chosen;
    for (let tries = 0; tries < upstreams.length; tries++) {
      const index = next++ % upstreams.length;
      if (!down.has(index)) return index;
    }
    throw new Error('every upstream is down');
  };
  const balanced = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const upstream = pick();
    const original = new URL(input instanceof Request ? input.url : input);
    const target = new URL(original.pathname + original.search, upstreams[upstream]);
    const lastEventId = new Headers(init?.headers).get('last-event-id') ?? undefined;
    const entry: Forwarded = {
      upstream,
      method: init?.method ?? 'GET',
      messages: messagesOf(init?.body),
      lastEventId,
      answered: false,
    };
    log.push(entry);
    const response = await fetch(target, init);
    entry.answered = true;
    return response;
  };
  return { fetch: balanced as typeof fetch, log, down, route: (...chosen) => pinned.push(...chosen) };
}

/** The methods of the JSON-RPC messages in a request body ('response' for an answer), for the test logs. */
export function messagesOf(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((m: { method?: string }) => m.method ?? 'response');
  } catch {
    return [];
  }
}
