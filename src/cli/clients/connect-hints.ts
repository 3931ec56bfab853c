import { basename, extname } from 'node:path';
import { MCP_CLIENTS, snippet } from './mcp-clients';
import { httpLaunch, stdioLaunch } from './server-launch';

export interface ServingProject {
  /** The project's name in the config file; undefined when the entry runs by its path. */
  project?: string;
  entry: string;
  configPath?: string;
  /** The streamable HTTP or SSE endpoint the server listens on. */
  url: string;
}

/**
 * What a person who just ran `armature start` over HTTP needs next: the URL, an MCP Inspector
 * command for it, and client entries to paste (VS Code to this running server; Claude Desktop, which
 * only starts processes, to its own stdio copy with absolute paths).
 */
export function connectHints(serving: ServingProject): string {
  const { url } = serving;
  const project = serving.project ?? basename(serving.entry, extname(serving.entry));
  const sse = url.endsWith('/sse');
  const inspector = `npx -y @modelcontextprotocol/inspector --cli ${url} --transport ${sse ? 'sse' : 'http'} --method tools/list`;
  const vscode = snippet(MCP_CLIENTS.vscode, project, httpLaunch(url));
  if (sse) (vscode.servers as Record<string, Record<string, unknown>>)[project].type = 'sse';
  const claude = snippet(MCP_CLIENTS['claude-desktop'], project, stdioLaunch(serving));
  return [
    '',
    `MCP server "${project}" at ${url}`,
    '',
    'Try it with the MCP Inspector:',
    `  ${inspector}`,
    '',
    'VS Code (.vscode/mcp.json), connecting to this server:',
    indent(JSON.stringify(vscode, null, 2)),
    '',
    'Claude Desktop (claude_desktop_config.json), starting its own copy over stdio:',
    indent(JSON.stringify(claude, null, 2)),
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
