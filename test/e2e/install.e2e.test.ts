import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport as SessionStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parse } from 'jsonc-parser';
import { sessionPeerOver } from './support/peers';
import { ROOT } from './support/spawn-example';

jest.setTimeout(60_000);

const BIN = join(ROOT, 'bin', 'armature.js');

/** A user's machine in a temp folder: a HOME with clients' config files, and a project of theirs. */
let home: string;
let project: string;
let env: Record<string, string>;

function armature(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: project, env, timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const read = (path: string) => readFileSync(path, 'utf8');

const CLAUDE_DESKTOP = () => join(home, '.config', 'Claude', 'claude_desktop_config.json');
const CLAUDE_DESKTOP_BEFORE = `{
  "globalShortcut": "Ctrl+Space",
  "mcpServers": {
    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }
  }
}
`;
const VSCODE = () => join(project, '.vscode', 'mcp.json');
const VSCODE_BEFORE = `{
  // Ask for the key once, VS Code keeps it.
  "inputs": [{ "type": "promptString", "id": "api-key", "description": "API key", "password": true }],
  "servers": {
    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" }
  }
}
`;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'armature-home-'));
  project = mkdtempSync(join(tmpdir(), 'armature-project-'));
  env = { ...(process.env as Record<string, string>), HOME: home, ARMATURE_LOG_LEVEL: 'warn' };
  for (const name of ['ARMATURE_TRANSPORT', 'ARMATURE_PORT', 'ARMATURE_PROJECT', 'ARMATURE_CONFIG']) delete env[name];
  // The user's project: its config names the quickstart example as its one project.
  write(
    join(project, 'nest-cli-like.config.json'),
    JSON.stringify({
      defaultProject: 'weather',
      projects: { weather: { entry: join(ROOT, 'examples', 'quickstart', 'main.ts') } },
    }),
  );
  write(CLAUDE_DESKTOP(), CLAUDE_DESKTOP_BEFORE);
  write(VSCODE(), VSCODE_BEFORE);
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

describe('armature install', () => {
  it('adds a Claude Desktop entry that starts the project over stdio, keeping the rest of the file', async () => {
    const { code, stdout } = await armature('install', 'claude-desktop');
    expect(code).toBe(0);
    expect(stdout).toContain(`Added MCP server "weather" in ${CLAUDE_DESKTOP()}`);
    expect(read(`${CLAUDE_DESKTOP()}.bak`)).toBe(CLAUDE_DESKTOP_BEFORE);
    const config = JSON.parse(read(CLAUDE_DESKTOP()));
    expect(config.globalShortcut).toBe('Ctrl+Space');
    expect(config.mcpServers.filesystem).toEqual(JSON.parse(CLAUDE_DESKTOP_BEFORE).mcpServers.filesystem);
    const entry = config.mcpServers.weather;
    expect(entry).toEqual({
      command: process.execPath,
      args: [BIN, 'start', 'weather', '--config', join(project, 'nest-cli-like.config.json'), '--transport', 'stdio'],
    });

    // What Claude Desktop then does: start it from "/" and talk to it.
    const peer = await sessionPeerOver(new SessionStdio({ command: entry.command, args: entry.args, cwd: '/', env }));
    try {
      const result = await peer.callTool('forecast', { city: 'Oslo', days: 1 });
      expect(result.content[0].text).toBe('Day 1: Snow showers, -2 to 4°');
    } finally {
      await peer.close();
    }
  });

  it('adds a URL with a bearer token to VS Code, keeping its comments, inputs and other servers', async () => {
    const url = 'http://127.0.0.1:3000/mcp';
    const { code } = await armature('install', 'vscode', 'weather', '--url', url, '--token', 's3cret');
    expect(code).toBe(0);
    const text = read(VSCODE());
    expect(text).toContain('// Ask for the key once, VS Code keeps it.');
    const config = parse(text);
    expect(config.inputs).toEqual(parse(VSCODE_BEFORE).inputs);
    expect(config.servers).toEqual({
      github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
      weather: { type: 'http', url, headers: { Authorization: 'Bearer s3cret' } },
    });
  });

  it('creates the Claude Code project file .mcp.json when there is none', async () => {
    const { code, stdout } = await armature('install', 'claude-code');
    expect(code).toBe(0);
    expect(stdout).not.toContain('.bak');
    const entry = JSON.parse(read(join(project, '.mcp.json'))).mcpServers.weather;
    expect(entry).toMatchObject({ type: 'stdio', command: process.execPath });
    expect(existsSync(join(project, '.mcp.json.bak'))).toBe(false);
  });

  it('replaces its own entry when run again, and keeps the file as it was before in the backup', async () => {
    await armature('install', 'cursor');
    const first = read(join(home, '.cursor', 'mcp.json'));
    const { stdout } = await armature('install', 'cursor', '--url', 'http://127.0.0.1:3000/mcp');
    expect(stdout).toContain('Replaced MCP server "weather"');
    expect(read(join(home, '.cursor', 'mcp.json.bak'))).toBe(first);
    expect(JSON.parse(read(join(home, '.cursor', 'mcp.json')))).toEqual({
      mcpServers: { weather: { url: 'http://127.0.0.1:3000/mcp' } },
    });
  });

  it('only prints the entry and the file with --print', async () => {
    const { code, stdout } = await armature('install', 'cursor', '--scope', 'project', '--print');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`# Cursor: ${join(project, '.cursor', 'mcp.json')}`);
    expect(JSON.parse(stdout.slice(stdout.indexOf('\n')))).toEqual({
      mcpServers: { weather: { command: process.execPath, args: expect.arrayContaining(['start', 'weather']) } },
    });
    expect(existsSync(join(project, '.cursor'))).toBe(false);
  });

  it('leaves a file that is not valid JSON untouched and says so', async () => {
    write(CLAUDE_DESKTOP(), '{ "mcpServers": { ');
    const { code, stderr } = await armature('install', 'claude-desktop');
    expect(code).toBe(2);
    expect(stderr).toContain(`${CLAUDE_DESKTOP()} is not valid JSON`);
    expect(read(CLAUDE_DESKTOP())).toBe('{ "mcpServers": { ');
    expect(existsSync(`${CLAUDE_DESKTOP()}.bak`)).toBe(false);
  });

  it('refuses an unknown client, project or scope with exit code 2', async () => {
    expect((await armature('install', 'zed')).stderr).toContain('"install" needs a client');
    expect((await armature('install', 'cursor', 'nope')).stderr).toMatch(/Unknown project "nope" .*known: weather/);
    expect((await armature('install', 'claude-desktop', '--scope', 'project')).stderr).toContain(
      'Claude Desktop has no project configuration',
    );
  });
});
