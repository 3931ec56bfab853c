import { StreamableHTTPClientTransport as StatelessHttp } from '@modelcontextprotocol/client';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ApplicationOptions, type ListenOptions, Logger, McpApplication } from 'armature-mcp';
import { ConformanceServer } from '../../../examples/conformance/conformance.server';
import { type Peer, sessionPeerOver, statelessPeerOver } from './peers';

/** An official client connected over HTTP: the same Peer as over stdio. */
export type HttpPeer = Peer;

/** The conformance example served in this process over HTTP, on 127.0.0.1 and a free port. */
export interface HttpServerUnderTest {
  app: McpApplication;
  /** The endpoint: `.../mcp` for streamable HTTP, `.../sse` for legacy SSE. */
  url: string;
  close(): Promise<void>;
}

/** The conformance server listening on a free port; `create` may replace its quiet logger. */
export async function serveConformance(
  options: ListenOptions,
  create: ApplicationOptions = {},
): Promise<HttpServerUnderTest> {
  const app = await McpApplication.create(ConformanceServer, { logger: new Logger('armature', 'warn'), ...create });
  await app.listen({ port: 0, ...options });
  return { app, url: app.url as string, close: () => app.close(2000) };
}

/** `@modelcontextprotocol/sdk` 1.32 over streamable HTTP (`/mcp`) or legacy SSE (`/sse`). */
export function connectSessionHttpPeer(url: string, kind: 'streamable-http' | 'sse'): Promise<HttpPeer> {
  return sessionPeerOver(kind === 'sse' ? new SSEClientTransport(new URL(url)) : new SessionHttp(new URL(url)));
}

/** `@modelcontextprotocol/client` 2.4 pinned to 2026-07-28 over streamable HTTP. */
export function connectStatelessHttpPeer(url: string): Promise<HttpPeer> {
  return statelessPeerOver(new StatelessHttp(new URL(url)));
}
