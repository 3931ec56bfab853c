import { MCP_CLIENTS, snippet } from '../../../src/cli/clients/mcp-clients';
import { httpLaunch, type ServerLaunch } from '../../../src/cli/clients/server-launch';

const stdio: ServerLaunch = {
  transport: 'stdio',
  command: '/usr/bin/node',
  args: ['/p/node_modules/armature-mcp/bin/armature.js', 'start', 'weather', '--config', '/p/c.json'],
};
const http = httpLaunch('http://127.0.0.1:3000/mcp', 's3cret');
const linux = { home: '/home/ada', platform: 'linux' as const, projectRoot: '/p' };
const mac = { home: '/Users/ada', platform: 'darwin' as const, projectRoot: '/p' };

describe('MCP client config files', () => {
  it('finds each client file where the client reads it', () => {
    expect(MCP_CLIENTS['claude-desktop'].configPath('user', mac)).toBe(
      '/Users/ada/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(MCP_CLIENTS['claude-desktop'].configPath('user', linux)).toBe(
      '/home/ada/.config/Claude/claude_desktop_config.json',
    );
    expect(MCP_CLIENTS['claude-code'].configPath('project', linux)).toBe('/p/.mcp.json');
    expect(MCP_CLIENTS['claude-code'].configPath('user', linux)).toBe('/home/ada/.claude.json');
    expect(MCP_CLIENTS.cursor.configPath('user', linux)).toBe('/home/ada/.cursor/mcp.json');
    expect(MCP_CLIENTS.cursor.configPath('project', linux)).toBe('/p/.cursor/mcp.json');
    expect(MCP_CLIENTS.vscode.configPath('project', linux)).toBe('/p/.vscode/mcp.json');
    expect(MCP_CLIENTS.vscode.configPath('user', mac)).toBe(
      '/Users/ada/Library/Application Support/Code/User/mcp.json',
    );
  });

  it('spells a process the way each client expects', () => {
    expect(snippet(MCP_CLIENTS['claude-desktop'], 'weather', stdio)).toEqual({
      mcpServers: { weather: { command: stdio.command, args: stdio.args } },
    });
    expect(MCP_CLIENTS['claude-code'].entry(stdio)).toEqual({
      type: 'stdio',
      command: stdio.command,
      args: stdio.args,
    });
    expect(MCP_CLIENTS.cursor.entry(stdio)).toEqual({ command: stdio.command, args: stdio.args });
    expect(snippet(MCP_CLIENTS.vscode, 'weather', stdio)).toEqual({
      servers: { weather: { type: 'stdio', command: stdio.command, args: stdio.args } },
    });
  });

  it('spells a URL with its bearer token the way each client expects', () => {
    const headers = { Authorization: 'Bearer s3cret' };
    expect(MCP_CLIENTS['claude-code'].entry(http)).toEqual({ type: 'http', url: 'http://127.0.0.1:3000/mcp', headers });
    expect(MCP_CLIENTS.cursor.entry(http)).toEqual({ url: 'http://127.0.0.1:3000/mcp', headers });
    expect(MCP_CLIENTS.vscode.entry(http)).toEqual({ type: 'http', url: 'http://127.0.0.1:3000/mcp', headers });
  });

  it('bridges a URL through mcp-remote for Claude Desktop, whose file only starts processes', () => {
    expect(MCP_CLIENTS['claude-desktop'].entry(http)).toEqual({
      command: 'npx',
      args: [
        '-y',
        'mcp-remote',
        'http://127.0.0.1:3000/mcp',
        '--header',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: mcp-remote expands it from env
        'Authorization:${MCP_HEADER_AUTHORIZATION}',
      ],
      env: { MCP_HEADER_AUTHORIZATION: 'Bearer s3cret' },
    });
    expect(MCP_CLIENTS['claude-desktop'].entry(httpLaunch('http://h/mcp'))).toEqual({
      command: 'npx',
      args: ['-y', 'mcp-remote', 'http://h/mcp'],
    });
  });
});
