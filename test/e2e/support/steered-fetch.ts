import { messagesOf } from './fetch-balancer';
/** One request as it was sent: to the balancer, or to the instance a test chose. */
export interface Steered {
  /** The instance's index, or `balancer`. */
  to: number | 'balancer';
  method: string;
  /** The JSON-RPC methods (or `response`) a POST carried. */
  messages: string[];
  /** Set once the response's headers arrived (for a GET: its stream is open). */
  answered: boolean;
}

/**
 * A `fetch` for the official client's transport that sends every request through a load balancer
 * (nginx), except those a test sends to an instance it names, so that it can say "through A, then
 * through B": `via` pins the next POSTs or DELETEs, in order; `streamVia` sends every GET (the
 * standalone stream) to one instance.
 */
export interface SteeredFetch {
  fetch: typeof fetch;
  log: Steered[];
  via(...instances: number[]): void;
  streamVia(instance: number): void;
}

export function steeredFetch(balancer: string, instances: string[]): SteeredFetch {
  const log: Steered[] = [];
  const pinned: number[] = [];
  let stream: number | undefined;
  const steered = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const to = (method === 'GET' ? stream : pinned.shift()) ?? 'balancer';
    const original = new URL(input instanceof Request ? input.url : input);
    const target = new URL(original.pathname + original.search, to === 'balancer' ? balancer : instances[to]);
    const entry: Steered = { to, method, messages: messagesOf(init?.body), answered: false };
    log.push(entry);
    const response = await fetch(target, init);
    entry.answered = true;
    return response;
  };
  return {
    fetch: steered as typeof fetch,
    log,
    via: (...chosen) => pinned.push(...chosen),
    streamVia: (instance) => {
      stream = instance;
    },
  };
}
