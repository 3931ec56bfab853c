/** RFC 5424 severities, least severe first, as MCP's `logging/setLevel` and `logLevel` use them. */
export const LOGGING_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

const RANK = new Map<string, number>(LOGGING_LEVELS.map((level, rank) => [level, rank]));

export function isLoggingLevel(value: unknown): value is LoggingLevel {
  return typeof value === 'string' && RANK.has(value);
}

/** Whether a message of `level` passes a client's threshold; no threshold means nothing is sent. */
export function passes(level: LoggingLevel, threshold: LoggingLevel | undefined): boolean {
  return threshold !== undefined && (RANK.get(level) ?? 0) >= (RANK.get(threshold) ?? 0);
}
