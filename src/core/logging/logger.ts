import { format } from 'node:util';
import { type LogFields, type LogFormat, type LogSink, readLogFormat } from './log-sink';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
export const LOG_LEVELS = Object.keys(ORDER) as readonly LogLevel[];

export interface LoggerOptions {
  /** `text` for people (the default, or ARMATURE_LOG_FORMAT), `json` for one JSON object per line. */
  format?: LogFormat;
  /** Hands every record to your own logger instead of writing it. */
  sink?: LogSink;
}

/**
 * The framework's own diagnostics, and one record per MCP request. Always stderr: in stdio mode
 * stdout carries MCP messages only, and one stray line there corrupts the client's stream.
 */
export class Logger {
  private readonly format: LogFormat;
  private readonly sink?: LogSink;

  constructor(
    private readonly context = 'armature',
    private readonly level: LogLevel = readLogLevel(),
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
    options: LoggerOptions = {},
  ) {
    this.format = options.format ?? (options.sink ? 'text' : readLogFormat());
    this.sink = options.sink;
  }

  /** A logger that hands its records to `sink` (pino, bunyan, or any object with those four methods). */
  static to(sink: LogSink, level: LogLevel = readLogLevel()): Logger {
    return new Logger('armature', level, undefined, { sink });
  }

  child(context: string): Logger {
    return new Logger(context, this.level, this.write, { format: this.format, sink: this.sink });
  }

  /** Whether a record of this level would be written (so a caller can skip building it). */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return ORDER[level] >= ORDER[this.level];
  }

  debug(message: string, ...args: unknown[]): void {
    if (ORDER.debug >= ORDER[this.level]) this.emit('debug', format(message, ...args));
  }
  info(message: string, ...args: unknown[]): void {
    if (ORDER.info >= ORDER[this.level]) this.emit('info', format(message, ...args));
  }
  warn(message: string, ...args: unknown[]): void {
    if (ORDER.warn >= ORDER[this.level]) this.emit('warn', format(message, ...args));
  }
  error(message: string, ...args: unknown[]): void {
    if (ORDER.error >= ORDER[this.level]) this.emit('error', format(message, ...args));
  }

  /** A structured record: its fields become JSON properties, or `key=value` pairs in text. */
  record(level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields): void {
    if (ORDER[level] >= ORDER[this.level]) this.emit(level, message, fields);
  }

  private emit(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
    if (this.sink) {
      this.sink[level]({ logger: this.context, ...fields }, message);
      return;
    }
    const time = new Date().toISOString();
    if (this.format === 'json') {
      this.write(`${JSON.stringify({ time, level, logger: this.context, msg: message, ...fields })}\n`);
      return;
    }
    this.write(`${time} ${level.toUpperCase()} [${this.context}] ${message}${fields ? textFields(fields) : ''}\n`);
  }
}

/** ` key=value` pairs for people; strings with spaces or quotes are JSON-quoted, absent values left out. */
function textFields(fields: LogFields): string {
  let text = '';
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    const shown = typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value);
    text += ` ${key}=${shown}`;
  }
  return text;
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
