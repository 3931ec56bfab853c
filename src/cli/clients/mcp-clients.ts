import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServerLaunch } from './server-launch';

export const CLIENT_NAMES = ['claude-desktop', 'claude-code', 'cursor', 'vscode'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** `user`: the client's own settings, for every project; `project`: a file in the project folder. */
export type Scope = 'user' | 'project';

export interface ConfigLocation {
  home?: string;
  platform?: NodeJS.Platform;
  /** Windows' %APPDATA%. */
  appData?: string;
  /** The project folder (where its nest-cli-like.config.json is). */
  projectRoot: string;
}

/** What one MCP client reads: which file, under which key, and how it spells a server. */
export interface McpClient {
  name: ClientName;
  title: string;
  /** The object in the file that maps server names to entries. */
  serversKey: 'mcpServers' | 'servers';
  scopes: readonly Scope[];
  defaultScope: Scope;
  configPath(scope: Scope, where: ConfigLocation): string;
  entry(launch: ServerLaunch): Record<string, unknown>;
}

function home(where: ConfigLocation): string {
  return where.home ?? homedir();
}

function platform(where: ConfigLocation): NodeJS.Platform {
  return where.platform ?? process.platform;
}

function appData(where: ConfigLocation): string {
  return where.appData ?? process.env.APPDATA ?? join(home(where), 'AppData', 'Roaming');
}

/** An application's settings folder: ~/Library/Application Support, %APPDATA% or ~/.config. */
function settingsFolder(where: ConfigLocation, app: string): string {
  switch (platform(where)) {
    case 'darwin':
      return join(home(where), 'Library', 'Application Support', app);
    case 'win32':
      return join(appData(where), app);
    default:
      return join(home(where), '.config', app);
  }
}

/** The `command`/`args`/`env` entry every client understands for a process it starts. */
function processEntry(launch: Extract<ServerLaunch, { transport: 'stdio' }>): Record<string, unknown> {
  const entry: Record<string, unknown> = { command: launch.command, args: launch.args };
  if (launch.env && Object.keys(launch.env).length) entry.env = launch.env;
  return entry;
}

function urlEntry(launch: Extract<ServerLaunch, { transport: 'http' }>, type?: string): Record<string, unknown> {
  const entry: Record<string, unknown> = type ? { type, url: launch.url } : { url: launch.url };
  if (launch.headers && Object.keys(launch.headers).length) entry.headers = launch.headers;
  return entry;
}

const claudeDesktop: McpClient = {
  name: 'claude-desktop',
  title: 'Claude Desktop',
  serversKey: 'mcpServers',
  scopes: ['user'],
  defaultScope: 'user',
  configPath: (_scope, where) => join(settingsFolder(where, 'Claude'), 'claude_desktop_config.json'),
  entry(launch) {
    if (launch.transport === 'stdio') return processEntry(launch);
    // The config file only starts processes (remote servers are added as connectors in the app):
    // mcp-remote is the documented stdio-to-HTTP bridge. The token travels in an environment
    // variable, which mcp-remote expands, because spaces in arguments break on some platforms.
    const args = ['-y', 'mcp-remote', launch.url];
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(launch.headers ?? {})) {
      const variable = `MCP_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      args.push('--header', `${name}:\${${variable}}`);
      env[variable] = value;
    }
    return Object.keys(env).length ? { command: 'npx', args, env } : { command: 'npx', args };
  },
};

const claudeCode: McpClient = {
  name: 'claude-code',
  title: 'Claude Code',
  serversKey: 'mcpServers',
  scopes: ['project', 'user'],
  defaultScope: 'project',
  configPath: (scope, where) =>
    scope === 'project' ? join(where.projectRoot, '.mcp.json') : join(home(where), '.claude.json'),
  entry: (launch) =>
    launch.transport === 'stdio' ? { type: 'stdio', ...processEntry(launch) } : urlEntry(launch, 'http'),
};

const cursor: McpClient = {
  name: 'cursor',
  title: 'Cursor',
  serversKey: 'mcpServers',
  scopes: ['user', 'project'],
  defaultScope: 'user',
  configPath: (scope, where) => join(scope === 'project' ? where.projectRoot : home(where), '.cursor', 'mcp.json'),
  entry: (launch) => (launch.transport === 'stdio' ? processEntry(launch) : urlEntry(launch)),
};

const vscode: McpClient = {
  name: 'vscode',
  title: 'VS Code',
  serversKey: 'servers',
  scopes: ['project', 'user'],
  defaultScope: 'project',
  configPath: (scope, where) =>
    scope === 'project'
      ? join(where.projectRoot, '.vscode', 'mcp.json')
      : join(settingsFolder(where, 'Code'), 'User', 'mcp.json'),
  entry: (launch) =>
    launch.transport === 'stdio' ? { type: 'stdio', ...processEntry(launch) } : urlEntry(launch, 'http'),
};

export const MCP_CLIENTS: Record<ClientName, McpClient> = {
  'claude-desktop': claudeDesktop,
  'claude-code': claudeCode,
  cursor,
  vscode,
};

/** A whole config file holding one server: what `armature install --print` and the hints show. */
export function snippet(client: McpClient, name: string, launch: ServerLaunch): Record<string, unknown> {
  return { [client.serversKey]: { [name]: client.entry(launch) } };
}
