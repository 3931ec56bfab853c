import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The framework's own diagnostics. Always stderr: in stdio mode stdout carries MCP messages only,
 * and one stray line there corrupts the client's stream.
 */
export class Logger {
  constructor(
    private readonly context = 'armature',
    private readonly level: LogLevel = readLevel(),
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

function readLevel(): LogLevel {
  const level = process.env.ARMATURE_LOG_LEVEL as LogLevel | undefined;
  return level && level in ORDER ? level : 'info';
}
