import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { answerStdioClients } from '../../../src/app/stdio-client-notice';
import { Logger } from '../../../src/core/logging/logger';

describe('a server serving HTTP, given MCP requests on stdin', () => {
  function setUp(isTTY = false) {
    const stdin = Object.assign(new PassThrough(), { isTTY });
    const stdout = new PassThrough();
    const logged: string[] = [];
    const stop = answerStdioClients(
      'sse',
      'http://127.0.0.1:3000/sse',
      new Logger('t', 'info', (l) => logged.push(l)),
      stdin,
      stdout,
    );
    return { stdin, stdout, logged, stop };
  }

  it('answers each request at once with an error naming the URL and the stdio command, and logs it once', async () => {
    const { stdin, stdout, logged, stop } = setUp();
    const first = once(stdout, 'data');
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}\n');
    const [chunk] = await first;
    const answer = JSON.parse(String(chunk));
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32000,
        message:
          'This server listens over sse at http://127.0.0.1:3000/sse, not on stdin/stdout. Point the client at that URL, or start the server for stdio: armature start <project> --transport stdio (or ARMATURE_TRANSPORT=stdio).',
      },
    });
    const second = once(stdout, 'data');
    stdin.write('{"jsonrpc":"2.0","id":"b","method":"ping"}\n');
    expect(JSON.parse(String((await second)[0])).id).toBe('b');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ERROR [t] a client sent an MCP request on stdin.');
    stop();
  });

  it('leaves notifications and other text alone', async () => {
    const { stdin, stdout, stop } = setUp();
    const written: string[] = [];
    stdout.on('data', (chunk) => written.push(String(chunk)));
    const answered = once(stdout, 'data');
    stdin.write('hello\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    stdin.write('{"jsonrpc":"2.0","id":7,"method":"ping"}\n');
    await answered;
    expect(written.map((line) => JSON.parse(line).id)).toEqual([7]);
    stop();
  });

  it('does not read a terminal', () => {
    const { stdin, stop } = setUp(true);
    expect(stdin.listenerCount('data')).toBe(0);
    stop();
  });
});
