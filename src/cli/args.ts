import { parseArgs } from 'node:util';
import type { CliFlags } from '../app/config/launch-context';
import { CLIENT_NAMES, type ClientName, type Scope } from './clients/mcp-clients';
import { UsageError } from './usage-error';

export type CliCommand =
  | { command: 'help'; topic?: string }
  | { command: 'version' }
  | { command: 'start' | 'dev'; project?: string; config?: string; flags: CliFlags }
  | { command: 'inspect'; project?: string; config?: string; json: boolean }
  | { command: 'new'; dir: string; install: boolean }
  | {
      command: 'install';
      client: ClientName;
      project?: string;
      config?: string;
      url?: string;
      token?: string;
      scope?: Scope;
      print: boolean;
    };

export const COMMANDS = ['start', 'dev', 'inspect', 'new', 'install', 'help'] as const;
const TRANSPORTS = ['stdio', 'sse', 'streamable-http'];

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  transport: { type: 'string', short: 't' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  path: { type: 'string' },
  redis: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  'skip-install': { type: 'boolean' },
  url: { type: 'string' },
  token: { type: 'string' },
  scope: { type: 'string' },
  print: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Which options each command accepts (besides --help). */
const ACCEPTS: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  start: ['config', 'transport', 'host', 'port', 'path', 'redis', 'timeout-ms'],
  dev: ['config', 'transport', 'host', 'port', 'path', 'redis', 'timeout-ms'],
  inspect: ['config', 'json'],
  new: ['skip-install'],
  install: ['config', 'url', 'token', 'scope', 'print'],
  help: [],
};

/** `armature <command> [project] [options]` -> a command; a UsageError for anything else. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version && !command) return { command: 'version' };
  if (!command) return { command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Unknown command "${command}": use ${COMMANDS.join(', ')}`);
  }
  if (command === 'help' || values.help) {
    if (command === 'help' && rest.length > 1) throw new UsageError('help takes at most one command name');
    const topic = command === 'help' ? rest[0] : command;
    if (topic !== undefined && !(COMMANDS as readonly string[]).includes(topic)) {
      throw new UsageError(`Unknown command "${topic}": use ${COMMANDS.join(', ')}`);
    }
    return { command: 'help', topic };
  }
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && name !== 'help' && !ACCEPTS[command].includes(name as keyof typeof OPTIONS)) {
      throw new UsageError(`"${command}" does not take --${name}`);
    }
  }
  if (command === 'new') {
    if (rest.length !== 1) throw new UsageError('"new" takes one folder: armature new <dir>');
    return { command, dir: rest[0], install: !values['skip-install'] };
  }
  if (command === 'install') return parseInstall(rest, values);
  if (rest.length > 1) throw new UsageError(`"${command}" takes one project name, got: ${rest.join(' ')}`);
  const project = rest[0];
  if (command === 'inspect') return { command, project, config: values.config, json: values.json ?? false };

  if (values.transport !== undefined && !TRANSPORTS.includes(values.transport)) {
    throw new UsageError(`--transport must be one of ${TRANSPORTS.join(', ')}, got "${values.transport}"`);
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  }
  const timeout = values['timeout-ms'];
  if (timeout !== undefined && !(/^\d+$/.test(timeout) && Number(timeout) > 0)) {
    throw new UsageError(`--timeout-ms must be a positive integer (milliseconds), got "${timeout}"`);
  }
  const flags: CliFlags = {};
  if (values.transport !== undefined) flags.transport = values.transport as CliFlags['transport'];
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) flags.port = Number(values.port);
  if (values.path !== undefined) flags.path = values.path;
  if (values.redis !== undefined) flags.redis = values.redis;
  if (timeout !== undefined) flags.timeoutMs = Number(timeout);
  return { command: command as 'start' | 'dev', project, config: values.config, flags };
}

function parseInstall(
  rest: string[],
  values: { config?: string; url?: string; token?: string; scope?: string; print?: boolean },
): CliCommand {
  const [client, project, ...extra] = rest;
  if (!client || !(CLIENT_NAMES as readonly string[]).includes(client)) {
    throw new UsageError(`"install" needs a client: armature install <${CLIENT_NAMES.join(' | ')}> [project]`);
  }
  if (extra.length) throw new UsageError(`"install" takes a client and one project name, got: ${rest.join(' ')}`);
  if (values.url !== undefined && !/^https?:\/\/[^\s]+$/.test(values.url)) {
    throw new UsageError(`--url must be an http:// or https:// URL, got "${values.url}"`);
  }
  if (values.token !== undefined && values.url === undefined) {
    throw new UsageError('--token is sent to a URL: give --url too (over stdio the client starts the server itself)');
  }
  if (values.scope !== undefined && values.scope !== 'user' && values.scope !== 'project') {
    throw new UsageError(`--scope must be user or project, got "${values.scope}"`);
  }
  return {
    command: 'install',
    client: client as ClientName,
    project,
    config: values.config,
    url: values.url,
    token: values.token,
    scope: values.scope as Scope | undefined,
    print: values.print ?? false,
  };
}
