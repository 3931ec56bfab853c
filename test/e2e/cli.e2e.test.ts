import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'armature.js');
const env = { ...process.env, ARMATURE_LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
delete env.ARMATURE_TRANSPORT;
delete env.ARMATURE_PORT;
delete env.ARMATURE_PROJECT;
delete env.ARMATURE_CONFIG;
delete env.ARMATURE_TIMEOUT_MS;

function armature(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return armatureWith(env, ...args);
}

function armatureWith(
  environment: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: environment, timeout: 50_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('armature CLI', () => {
  it('prints its help', async () => {
    const { code, stdout } = await armature('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/armature start \[project\]/);
    expect(stdout).toMatch(/armature inspect \[project\]/);
    expect((await armature('help')).stdout).toBe(stdout);
  });

  it('fails on an unknown command or flag with exit code 2', async () => {
    const command = await armature('serve');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "serve"');
    const flag = await armature('start', 'conformance', '--verbose');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--verbose'");
  });

  it('inspects the conformance example without serving it', async () => {
    const { code, stdout, stderr } = await armature('inspect', 'conformance');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Server: armature-conformance/);
    expect(stdout).toMatch(/Capabilities:[\s\S]*"tools"[\s\S]*"listChanged": true/);
    const tools = stdout.slice(stdout.indexOf('Tools ('), stdout.indexOf('Resources ('));
    expect(tools).toMatch(/^ {2}test_simple_text +Returns simple text content$/m);
    expect(tools).toMatch(/^ {2}json_schema_2020_12_tool +/m);
    expect(stdout).toContain('"$schema": "https://json-schema.org/draft/2020-12/schema"');
    expect(stdout).toMatch(/Resource templates \(1\):[\s\S]*test:\/\/template\/\{id\}\/data/);
    expect(stdout).toMatch(/Prompts \(4\):[\s\S]*test_prompt_with_arguments +arg1, arg2/);
  });

  it('inspects as JSON', async () => {
    const { code, stdout } = await armature('inspect', 'conformance', '--json');
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.capabilities).toHaveProperty('tools');
    expect(data.tools.map((t: { name: string }) => t.name)).toContain('test_simple_text');
  });

  describe('start over stdio', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('answers initialize and exits when stdin ends', async () => {
      child = spawn(process.execPath, [BIN, 'start', 'conformance', '--transport', 'stdio'], { cwd: ROOT, env });
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      const lines = createInterface({ input: child.stdout! });
      const first = new Promise<string>((resolve) => lines.once('line', resolve));
      child.stdin!.write(
        `${JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'cli-test', version: '1' } },
        })}\n`,
      );
      const response = JSON.parse(await first);
      expect(response).toMatchObject({
        jsonrpc: '2.0',
        id: 1,
        result: { protocolVersion: '2025-11-25', serverInfo: { name: 'armature-conformance' } },
      });
      expect(response.result.capabilities).toHaveProperty('tools');
      child.stdin!.end();
      expect(await exited).toBe(0);
    });
  });

  it('fails on a bad config file, naming the key path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'armature-cli-'));
    const file = join(dir, 'bad.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        projects: { conformance: { entry: join(ROOT, 'examples/conformance/main.ts'), transport: { port: 'many' } } },
      }),
    );
    const { code, stderr } = await armature('start', 'conformance', '--config', file);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`Invalid configuration in ${file}`);
    expect(stderr).toContain('projects.conformance.transport.port: must be an integer between 0 and 65535');
  });

  it('fails on an unknown project, listing the known ones', async () => {
    const { code, stderr } = await armature('start', 'nope');
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown project "nope".*known: quickstart, conformance/);
  });

  it('refuses a port in use, naming the port and --port instead of an EADDRINUSE stack', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, stderr } = await armature(
        'start',
        'conformance',
        '--transport',
        'streamable-http',
        '--port',
        `${port}`,
      );
      expect(code).toBe(1);
      expect(stderr).toContain(`armature: port ${port} is already in use (127.0.0.1:${port})`);
      expect(stderr).toContain('--port <port>');
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a default timeout that is not a positive integer, naming the variable or flag, before the server runs', async () => {
    const fromEnv = await armatureWith({ ...env, ARMATURE_TIMEOUT_MS: '5s' }, 'start', 'conformance');
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('Invalid configuration in environment:');
    expect(fromEnv.stderr).toContain('ARMATURE_TIMEOUT_MS: must be a positive integer (milliseconds), got "5s"');
    const fromFlag = await armature('start', 'conformance', '--timeout-ms', '0');
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('--timeout-ms must be a positive integer (milliseconds), got "0"');
  });

  it('refuses an unknown ARMATURE_LOG_LEVEL, listing the allowed ones', async () => {
    const { code, stderr } = await armatureWith({ ...env, ARMATURE_LOG_LEVEL: 'verbose' }, 'start', 'conformance');
    expect(code).toBe(1);
    expect(stderr).toContain('ARMATURE_LOG_LEVEL must be one of debug, info, warn, error, silent; got "verbose"');
  });

  it('refuses an unknown ARMATURE_LOG_FORMAT before the server runs, listing the allowed ones', async () => {
    const { code, stderr } = await armatureWith({ ...env, ARMATURE_LOG_FORMAT: 'logfmt' }, 'start', 'conformance');
    expect(code).toBe(1);
    expect(stderr).toContain('ARMATURE_LOG_FORMAT must be one of text, json; got "logfmt"');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
