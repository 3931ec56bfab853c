import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StdioClientTransport as SessionStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type RunningScript, startNpmScript } from './support/npm-script';
import { type Peer, sessionPeerOver } from './support/peers';
import { ROOT } from './support/spawn-example';

const run = promisify(execFile);
// Packing builds the package and installing it fetches Armature's dependencies: minutes, not seconds.
jest.setTimeout(300_000);

const env = { ...process.env, ARMATURE_LOG_LEVEL: 'warn' } as Record<string, string>;
for (const name of ['ARMATURE_TRANSPORT', 'ARMATURE_PORT', 'ARMATURE_PROJECT', 'ARMATURE_CONFIG']) delete env[name];

/**
 * What a newcomer does, from README.md: `armature new`, then the project's own `npm test` and
 * `npm start`, with Armature installed from the tarball `npm pack` makes (what npm would publish).
 */
describe('getting started: armature new', () => {
  let work: string;
  let project: string;
  let created: { stdout: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'armature-new-'));
    const tarball = await packArmature(work);
    created = await run(process.execPath, [join(ROOT, 'bin', 'armature.js'), 'new', 'my-server', '--skip-install'], {
      cwd: work,
      env,
    });
    project = join(work, 'my-server');
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, env });
  });
  afterAll(() => {
    // A stdio server a client just closed may still be writing its code cache on the way out.
    if (work) rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  });

  it('creates a project and says what to type next', () => {
    expect(created.stdout).toContain(`Created my-server in ${project}`);
    expect(created.stdout).toMatch(/Next:\n {2}cd my-server\n {2}npm install\n {2}npm start\n$/);
    expect(readdirSync(project).sort()).toEqual(
      expect.arrayContaining([
        '.gitignore',
        'nest-cli-like.config.json',
        'package.json',
        'src',
        'test',
        'tsconfig.json',
      ]),
    );
    const config = JSON.parse(readFileSync(join(project, 'nest-cli-like.config.json'), 'utf8'));
    expect(config).toMatchObject({ defaultProject: 'my-server', projects: { 'my-server': { entry: 'src/main.ts' } } });
    // The $schema points into the installed package, so editors validate the file.
    expect(existsSync(join(project, config.$schema))).toBe(true);
    expect(readFileSync(join(project, 'src', 'main.ts'), 'utf8')).not.toMatch(/^await /m);
  });

  it('passes its own tests (tsc, then node:test with TestClient)', async () => {
    const { stdout } = await run('npm', ['test'], { cwd: project, env });
    expect(stdout).toMatch(/^# pass 5$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  describe('npm start', () => {
    let server: RunningScript;
    let url: string;
    beforeAll(async () => {
      server = await startNpmScript(project, 'start', ['--port', '0'], /Stop with Ctrl\+C/, { env });
      url = /MCP server "my-server" at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(server.output())![1];
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('serves the tool, the resource template and the prompt over streamable HTTP', async () => {
      await withPeer(await sessionPeerOver(new SessionHttp(new URL(url))), async (peer) => {
        expect((await peer.callTool('greet', { name: 'Ada', language: 'de' })).content[0].text).toBe('Hallo, Ada!');
        expect((await peer.readResource('greetings://fr')).contents[0].text).toBe('Bonjour');
        const prompt = await peer.getPrompt('welcome', { name: 'Grace' });
        expect(prompt.messages[0].content.text).toContain('Grace');
      });
    });

    it('prints a Claude Desktop entry that runs the project over stdio from any folder', async () => {
      const output = server.output();
      const json = output.slice(output.indexOf('{', output.indexOf('\nClaude Desktop')), output.indexOf('\nStop with'));
      const entry = JSON.parse(json).mcpServers['my-server'];
      expect(entry.args[0]).toBe(join(project, 'node_modules', 'armature-mcp', 'bin', 'armature.js'));
      const transport = new SessionStdio({ command: entry.command, args: entry.args, cwd: '/', env });
      await withPeer(await sessionPeerOver(transport), async (peer) => {
        expect((await peer.listTools()).tools.map((tool: { name: string }) => tool.name)).toEqual(['greet']);
      });
    });
  });
});

async function withPeer(peer: Peer, use: (peer: Peer) => Promise<void>): Promise<void> {
  try {
    await use(peer);
  } finally {
    await peer.close();
  }
}

/**
 * `npm run build && npm pack`, into a copy of the package's files so that the checkout's own dist/
 * (which bin/armature.js would prefer over the sources) is left alone. `npm pack` applies the
 * package.json `files` list, so the tarball holds what a publish would.
 */
async function packArmature(work: string): Promise<string> {
  const stage = join(work, 'package');
  mkdirSync(stage);
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(stage, 'dist'),
    ],
    {
      cwd: ROOT,
    },
  );
  const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const listed = files.filter((file) => file !== 'dist' && !file.startsWith('!'));
  for (const file of ['package.json', 'README.md', 'LICENSE', ...listed]) {
    cpSync(join(ROOT, file), join(stage, file), { recursive: true });
  }
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: stage, env });
  return join(work, stdout.trim().split('\n').pop()!);
}
