import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'armature.js');
const CONFIG = join(ROOT, 'nest-cli-like.config.json');
const ESM_PROJECT = join(ROOT, 'test', 'fixtures', 'esm-project');

/** The environment a client such as Claude Desktop gives: no ARMATURE_* settings of ours. */
function clientEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ARMATURE_LOG_LEVEL: 'warn', ...extra };
  for (const name of ['PATH', 'HOME', 'ARMATURE_CACHE_DIR']) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}

/** The official SDK client launching a command over stdio from `/`, as a desktop client does. */
async function connectFromRoot(args: string[], env = clientEnv()): Promise<Client> {
  const client = new Client({ name: 'launch-anywhere', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd: '/', env, stderr: 'pipe' }));
  return client;
}

function run(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: clientEnv(), timeout: 50_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('launched by a client from /', () => {
  it.each(['quickstart', 'conformance', 'tasks', 'notes', 'travel'])(
    'the %s example answers over stdio (armature start <name> --config <file>)',
    async (example) => {
      const client = await connectFromRoot([BIN, 'start', example, '--config', CONFIG, '--transport', 'stdio']);
      try {
        expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      } finally {
        await client.close();
      }
    },
  );

  it('the auth example, HTTP only, tells a stdio client where it listens instead of leaving it waiting', async () => {
    const refused = await connectFromRoot(
      [BIN, 'start', 'auth', '--config', CONFIG],
      clientEnv({ ARMATURE_PORT: '0' }),
    ).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refused?.message).toMatch(
      /This server listens over streamable-http at http:\/\/127\.0\.0\.1:\d+\/mcp, not on stdin\/stdout\. Point the client at that URL, or start the server for stdio: armature start <project> --transport stdio/,
    );
  });

  it('runs a project given by its folder: the config, tsconfig and node_modules come from there', async () => {
    const client = await connectFromRoot([BIN, 'start', ESM_PROJECT]);
    try {
      const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
      expect(result.content).toEqual([{ type: 'text', text: 'hi (module: esm)' }]);
    } finally {
      await client.close();
    }
  });
});

describe('a program started without the CLI', () => {
  let dir: string;
  beforeAll(() => {
    // Its own folder: a config that says sse, an entry beside it, Armature's dependencies linked in.
    dir = mkdtempSync(join(tmpdir(), 'armature-entry-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          paths: { 'armature-mcp': [join(ROOT, 'src', 'index.ts')] },
        },
      }),
    );
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import 'reflect-metadata';",
        "import { McpApplication, McpServer, Tool } from 'armature-mcp';",
        "@McpServer({ name: 'beside', version: '1.0.0' })",
        'class Beside {',
        "  @Tool({ description: 'Pings' }) ping() { return 'pong'; }",
        '}',
        'async function main() {',
        '  const app = await McpApplication.create(Beside);',
        '  await app.listen();',
        '}',
        'void main();',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'nest-cli-like.config.json'),
      JSON.stringify({ transport: { type: 'sse', port: 0 }, projects: { beside: { entry: 'main.ts' } } }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the config beside its entry, not in the working folder, and says so to a stdio client', async () => {
    const refused = await connectFromRoot(['-r', join(ROOT, 'loader', 'register.cjs'), join(dir, 'main.ts')]).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refused?.message).toMatch(
      /This server listens over sse at http:\/\/127\.0\.0\.1:\d+\/sse, not on stdin\/stdout/,
    );
  });
});

describe('ES module projects ("type": "module")', () => {
  it('run TypeScript entries with top-level await, .js specifiers and constructor injection', async () => {
    const client = await connectFromRoot([BIN, 'start', '--config', join(ESM_PROJECT, 'nest-cli-like.config.json')]);
    try {
      expect((await client.getServerVersion())?.name).toBe('esm-echo');
      const result = await client.callTool({ name: 'echo', arguments: { text: 'from /' } });
      expect(result.content).toEqual([{ type: 'text', text: 'from / (module: esm)' }]);
    } finally {
      await client.close();
    }
  });
});

describe('a CommonJS project with top-level await', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'armature-cjs-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-project', private: true }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }),
    );
    writeFileSync(
      join(dir, 'src', 'main.ts'),
      "import { McpApplication } from 'armature-mcp';\nimport { Server } from './server';\n\nconst app = await McpApplication.create(Server);\nawait app.listen();\n",
    );
    writeFileSync(
      join(dir, 'nest-cli-like.config.json'),
      JSON.stringify({ defaultProject: 'app', projects: { app: { entry: 'src/main.ts' } } }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails at once, naming the line, CommonJS as the cause, and both fixes', async () => {
    const { code, stderr } = await run([BIN, 'start', dir], '/');
    expect(code).toBe(1);
    expect(stderr).toContain(`armature: ${join(dir, 'src', 'main.ts')}:4 uses top-level await`);
    expect(stderr).toContain('compiled to CommonJS because the nearest package.json has no "type": "module"');
    expect(stderr).toContain('async function main()');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe('what a server loads', () => {
  /** Starts the conformance example, sends initialize, ends stdin; resolves with its stderr. */
  function startAndEnd(transport: string): Promise<string> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [
          '-r',
          join(__dirname, 'support', 'report-loaded-libraries.cjs'),
          BIN,
          'start',
          'conformance',
          '--config',
          CONFIG,
        ],
        { cwd: '/', env: clientEnv({ ARMATURE_TRANSPORT: transport, ARMATURE_PORT: '0' }), timeout: 50_000 },
        (_error, _stdout, stderr) => resolve(stderr),
      );
      if (transport === 'stdio') {
        child.stdin!.end(
          `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`,
        );
      } else {
        child.stderr!.on('data', (chunk) => {
          if (String(chunk).includes('listens over') || String(chunk).includes('serving')) child.kill('SIGTERM');
        });
        child.stdin!.end(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`);
      }
    });
  }

  it('a stdio server never loads the HTTP stack (Koa); an HTTP one does', async () => {
    expect(await startAndEnd('stdio')).toContain('http-stack-loaded: false');
    expect(await startAndEnd('streamable-http')).toContain('http-stack-loaded: true');
  });

  it('without an OpenTelemetry SDK or a JWT verifier, neither the OpenTelemetry API nor jose is loaded', async () => {
    for (const transport of ['stdio', 'streamable-http']) {
      const stderr = await startAndEnd(transport);
      expect(stderr).toContain('opentelemetry-api-loaded: false');
      expect(stderr).toContain('jose-loaded: false');
    }
  });
});
