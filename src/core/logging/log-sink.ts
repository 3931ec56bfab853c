/** The fields of a structured log record, beside its message. */
export type LogFields = Record<string, unknown>;

/**
 * Your own logger, for `McpApplication.create(X, { logger })`: an object with one method per level
 * taking `(fields, message)`, the signature pino and bunyan use (a pino instance fits as it is).
 * Armature hands it every record at or above ARMATURE_LOG_LEVEL; its level, format and
 * destination are then yours (keep it off stdout when serving over stdio).
 */
export interface LogSink {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

/**
 * The format ARMATURE_LOG_FORMAT asks for: `text` (for people, the default) or `json` (one JSON
 * object per line, for log pipelines). An unknown value is refused, as for the level.
 */
export function readLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const raw = env.ARMATURE_LOG_FORMAT?.trim().toLowerCase();
  if (!raw) return 'text';
  if ((LOG_FORMATS as readonly string[]).includes(raw)) return raw as LogFormat;
  throw new Error(`ARMATURE_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}; got "${env.ARMATURE_LOG_FORMAT}"`);
}
