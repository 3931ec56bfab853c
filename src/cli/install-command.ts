import { basename, dirname, extname } from 'node:path';
import type { CliCommand } from './args';
import { installServer, installSnippet, installTarget } from './clients/install-client';
import { MCP_CLIENTS } from './clients/mcp-clients';
import { httpLaunch, stdioLaunch } from './clients/server-launch';
import { selectProject } from './project-selection';

type InstallCommand = Extract<CliCommand, { command: 'install' }>;

/**
 * `armature install <client> [project]`: the client's entry for the project, over stdio (the client
 * starts `armature start` with absolute paths) or, with --url, for a running HTTP server. Printed
 * with --print, otherwise merged into the client's config file.
 */
export function runInstall(command: InstallCommand, out: (text: string) => void): number {
  const { configPath, project, entry } = selectProject(command.project, command.config, process.cwd());
  const name = project ?? basename(entry, extname(entry));
  const request = {
    client: command.client,
    name,
    launch: command.url ? httpLaunch(command.url, command.token) : stdioLaunch({ project, entry, configPath }),
    scope: command.scope,
    where: { projectRoot: dirname(configPath ?? entry) },
  };
  const client = MCP_CLIENTS[command.client];
  if (command.print) {
    out(`# ${client.title}: ${installTarget(request)}\n${installSnippet(request)}`);
    return 0;
  }
  const installed = installServer(request);
  const backup = installed.backup ? ` (the previous file is kept as ${installed.backup})` : '';
  out(
    `${installed.replaced ? 'Replaced' : 'Added'} MCP server "${name}" in ${installed.file}${backup}.\n` +
      `Restart ${client.title} (or reload its MCP servers) to use it.\n`,
  );
  return 0;
}
