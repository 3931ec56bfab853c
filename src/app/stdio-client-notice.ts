import { createInterface } from 'node:readline';
import type { Logger } from '../core/logging/logger';
import { faultAnswer } from '../core/protocol/error-funnel';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';

/**
 * A server configured for HTTP, started by a client that speaks MCP over stdio (the client wrote a
 * command into its config, the project's config says `sse`): the client writes `initialize` to our
 * stdin and would wait for an answer forever. Each request that arrives on stdin is answered at
 * once with an error naming where the server really listens and how to start it for stdio, and the
 * same is logged to stderr (which clients show in their logs). Only a pipe is read, never a
 * terminal, and only JSON-RPC requests are answered: anything else on stdin is left alone.
 */
export function answerStdioClients(
  transport: string,
  url: string | undefined,
  logger: Logger,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  stdout: NodeJS.WritableStream = process.stdout,
): () => void {
  if (stdin.isTTY) return () => {};
  const lines = createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const where = url ? ` at ${url}` : '';
  const message =
    `This server listens over ${transport}${where}, not on stdin/stdout. ` +
    'Point the client at that URL, or start the server for stdio: armature start <project> --transport stdio ' +
    '(or ARMATURE_TRANSPORT=stdio).';
  let warned = false;
  lines.on('line', (line) => {
    const id = requestId(line);
    if (id === undefined) return;
    stdout.write(`${JSON.stringify(faultAnswer(id, new McpError(ErrorCode.ConnectionClosed, message)))}\n`);
    if (!warned) logger.error('a client sent an MCP request on stdin. %s', message);
    warned = true;
  });
  // Reading stdin must not keep an otherwise finished process alive.
  (stdin as { unref?: () => void }).unref?.();
  return () => lines.close();
}

function requestId(line: string): string | number | undefined {
  try {
    const message = JSON.parse(line) as { jsonrpc?: unknown; method?: unknown; id?: unknown };
    if (message?.jsonrpc !== '2.0' || typeof message.method !== 'string') return undefined;
    return typeof message.id === 'string' || typeof message.id === 'number' ? message.id : undefined;
  } catch {
    return undefined;
  }
}
