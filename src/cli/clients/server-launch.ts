import { BIN } from '../package-root';

/** How a client reaches a server: it starts a process (stdio), or it connects to a URL. */
export type ServerLaunch =
  | { transport: 'stdio'; command: string; args: string[]; env?: Record<string, string> }
  | { transport: 'http'; url: string; headers?: Record<string, string> };

/**
 * `armature start <project>` over stdio with absolute paths only (this Node, this `armature`, the
 * config file), so that a client starting it from any folder, with its own PATH, runs this project.
 * Without a project name (an entry run by its path) the absolute entry path stands for it.
 */
export function stdioLaunch(target: { project?: string; entry: string; configPath?: string }): ServerLaunch {
  const args = [BIN, 'start'];
  if (target.project) {
    args.push(target.project);
    if (target.configPath) args.push('--config', target.configPath);
  } else {
    args.push(target.entry);
  }
  args.push('--transport', 'stdio');
  return { transport: 'stdio', command: process.execPath, args };
}

/** A running streamable HTTP server; a bearer token becomes its Authorization header. */
export function httpLaunch(url: string, bearerToken?: string): ServerLaunch {
  return bearerToken
    ? { transport: 'http', url, headers: { Authorization: `Bearer ${bearerToken}` } }
    : { transport: 'http', url };
}
