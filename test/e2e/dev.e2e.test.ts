import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Stream } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { tempProject } from './support/temp-project';

jest.setTimeout(90_000);

const BIN = join(__dirname, '..', '..', 'bin', 'armature.js');

/** The server file, with the tools it offers: a change to it is what `armature dev` watches for. */
function serverSource(tools: string[]): string {
  return [
    "import { McpServer, Tool } from 'armature-mcp';",
    "@McpServer({ name: 'dev-demo', version: '1.0.0' })",
    'export class DemoServer {',
    ...tools.map((name) => `  @Tool({ description: '${name}' }) ${name}() { return '${name} here'; }`),
    '}',
  ].join('\n');
}

function project() {
  return tempProject({
    'src/main.ts': [
      "import 'reflect-metadata';",
      "import { McpApplication } from 'armature-mcp';",
      "import { DemoServer } from './demo.server';",
      'async function main() {',
      '  const app = await McpApplication.create(DemoServer);',
      '  await app.listen();',
      '}',
      'void main();',
    ].join('\n'),
    'src/demo.server.ts': serverSource(['first']),
    'nest-cli-like.config.json': JSON.stringify({
      defaultProject: 'demo',
      projects: { demo: { entry: 'src/main.ts' } },
    }),
  });
}

const env = (): Record<string, string> => {
  const vars: Record<string, string> = { ARMATURE_LOG_LEVEL: 'warn' };
  for (const name of ['PATH', 'HOME', 'ARMATURE_CACHE_DIR']) if (process.env[name]) vars[name] = process.env[name]!;
  return vars;
};

/**
 * The lines a stream carries, kept from the start: `next(pattern)` resolves with the first line
 * matching it that was not taken yet, whether it came before the call or after.
 */
function lines(stream: Stream | null): { next(pattern: RegExp): Promise<RegExpMatchArray> } {
  const seen: string[] = [];
  const waiting: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  createInterface({ input: stream as Readable }).on('line', (line) => {
    const index = waiting.findIndex(({ pattern }) => pattern.test(line));
    if (index === -1) {
      seen.push(line);
      return;
    }
    const [{ pattern, resolve }] = waiting.splice(index, 1);
    resolve(line.match(pattern) as RegExpMatchArray);
  });
  return {
    next(pattern) {
      const index = seen.findIndex((line) => pattern.test(line));
      if (index !== -1) return Promise.resolve(seen.splice(index, 1)[0].match(pattern) as RegExpMatchArray);
      return new Promise((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}

describe('armature dev over stdio', () => {
  let client: Client | undefined;
  // Closing the client ends the dev process's stdin; it then stops its server and exits.
  afterEach(() => client?.close());

  it('keeps the client connected across a restart: the client sees list_changed and the new tool', async () => {
    const demo = project();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'dev', demo.dir],
      cwd: '/',
      env: env(),
      stderr: 'pipe',
    });
    const stderr = lines(transport.stderr);
    const serving = stderr.next(/^armature dev: serving demo over stdio/);
    const inspector = stderr.next(/^armature dev: MCP Inspector: (npx @modelcontextprotocol\/inspector .*)$/);
    client = new Client({ name: 'dev-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      await serving;
      expect((await inspector)[1]).toContain(`${BIN} dev --config ${join(demo.dir, 'nest-cli-like.config.json')} demo`);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['first']);

      const changed = new Promise<void>((resolve) =>
        client!.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
      );
      demo.write('src/demo.server.ts', serverSource(['first', 'second']));
      await changed;

      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['first', 'second']);
      const result = await client.callTool({ name: 'second', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'second here' }]);
    } finally {
      demo.remove();
    }
  });
});

describe('armature dev over streamable HTTP', () => {
  let dev: ChildProcess | undefined;
  afterEach(() => {
    if (dev && dev.exitCode === null) dev.kill('SIGTERM');
  });

  it('restarts on a change at the same URL', async () => {
    const demo = project();
    dev = spawn(process.execPath, [BIN, 'dev', demo.dir, '--transport', 'streamable-http', '--port', '0'], {
      cwd: '/',
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr = lines(dev.stderr);
    const [, url] = await stderr.next(/^armature dev: serving demo over streamable-http at (\S+),/);
    const connect = async () => {
      const client = new Client({ name: 'dev-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      return client;
    };
    try {
      const before = await connect();
      expect((await before.listTools()).tools.map((tool) => tool.name)).toEqual(['first']);
      await before.close();

      const restarted = stderr.next(/^armature dev: restarted at (\S+)$/);
      demo.write('src/demo.server.ts', serverSource(['first', 'second']));
      expect((await restarted)[1]).toBe(url);

      const after = await connect();
      expect((await after.listTools()).tools.map((tool) => tool.name)).toEqual(['first', 'second']);
      await after.close();
    } finally {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
      demo.remove();
    }
  });
});
