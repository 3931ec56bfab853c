import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in miniature: each HTTP request goes to the next upstream in turn, with no
 * affinity of any kind, and the response (JSON or an SSE stream) is piped back as it comes.
 * `served` records which upstream got each request, so a test can show the traffic alternated.
 */
export interface RoundRobin {
  /** The balancer's URL for a path, e.g. `url('/mcp')`. */
  url(path: string): string;
  /** Upstream index per forwarded request, in order. */
  served: number[];
  close(): Promise<void>;
}

export async function roundRobin(upstreams: string[]): Promise<RoundRobin> {
  const targets = upstreams.map((upstream) => new URL(upstream));
  const served: number[] = [];
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const index = next++ % targets.length;
    served.push(index);
    const target = targets[index];
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    // A client that goes away takes its upstream request with it, as a real balancer does.
    outgoing.on('close', () => forwarded.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
