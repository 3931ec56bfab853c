import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
export const LOG_LEVELS = Object.keys(ORDER) as readonly LogLevel[];

/**
 * The framework's own diagnostics. Always stderr: in stdio mode stdout carries MCP messages only,
 * and one stray line there corrupts the client's stream.
 */
export class Logger {
  constructor(
    private readonly context = 'armature',
    private readonly level: LogLevel = readLogLevel(),
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  child(context: string): Logger {
    return new Logger(context, this.level, this.write);
  }

  debug(message: string, ...args: unknown[]): void {
    this.emit('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.emit('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.emit('warn', message, args);
  }
  error(message: string, ...args: unknown[]): void {
    this.emit('error', message, args);
  }

  private emit(level: LogLevel, message: string, args: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.write(`${new Date().toISOString()} ${level.toUpperCase()} [${this.context}] ${format(message, ...args)}\n`);
  }
}

/**
 * The level ARMATURE_LOG_LEVEL asks for (`info` when unset or empty). An unknown value is refused
 * rather than ignored: a typo such as `verbose` would otherwise silently keep the default.
 */
export function readLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env.ARMATURE_LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if (raw in ORDER) return raw as LogLevel;
  throw new Error(`ARMATURE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.ARMATURE_LOG_LEVEL}"`);
}
