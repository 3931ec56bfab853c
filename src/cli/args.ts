import { parseArgs } from 'node:util';
import type { CliFlags } from '../app/config/launch-context';
import { UsageError } from './usage-error';

export type CliCommand =
  | { command: 'help'; topic?: string }
  | { command: 'version' }
  | { command: 'start' | 'dev'; project?: string; config?: string; flags: CliFlags }
  | { command: 'inspect'; project?: string; config?: string; json: boolean }
  | { command: 'new'; dir: string; install: boolean };

export const COMMANDS = ['start', 'dev', 'inspect', 'new', 'help'] as const;
const TRANSPORTS = ['stdio', 'sse', 'streamable-http'];

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  transport: { type: 'string', short: 't' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  path: { type: 'string' },
  json: { type: 'boolean' },
  'skip-install': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Which options each command accepts (besides --help). */
const ACCEPTS: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  start: ['config', 'transport', 'host', 'port', 'path'],
  dev: ['config', 'transport', 'host', 'port', 'path'],
  inspect: ['config', 'json'],
  new: ['skip-install'],
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
  if (rest.length > 1) throw new UsageError(`"${command}" takes one project name, got: ${rest.join(' ')}`);
  const project = rest[0];
  if (command === 'inspect') return { command, project, config: values.config, json: values.json ?? false };

  if (values.transport !== undefined && !TRANSPORTS.includes(values.transport)) {
    throw new UsageError(`--transport must be one of ${TRANSPORTS.join(', ')}, got "${values.transport}"`);
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  }
  const flags: CliFlags = {};
  if (values.transport !== undefined) flags.transport = values.transport as CliFlags['transport'];
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) flags.port = Number(values.port);
  if (values.path !== undefined) flags.path = values.path;
  return { command: command as 'start' | 'dev', project, config: values.config, flags };
}
