import { Logger, type LogSink } from '../../../../src';
import { readLogFormat } from '../../../../src/core/logging/log-sink';

const capture = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

describe('ARMATURE_LOG_FORMAT', () => {
  it('is text unless json is asked for, and refuses anything else by name', () => {
    expect(readLogFormat({})).toBe('text');
    expect(readLogFormat({ ARMATURE_LOG_FORMAT: 'JSON' })).toBe('json');
    expect(() => readLogFormat({ ARMATURE_LOG_FORMAT: 'yaml' })).toThrow(
      'ARMATURE_LOG_FORMAT must be one of text, json; got "yaml"',
    );
  });
});

describe('Logger records', () => {
  it('writes one JSON object per line in json format, fields beside the message', () => {
    const out = capture();
    const logger = new Logger('armature', 'info', out.write, { format: 'json' });
    logger.record('info', 'tools/call echo ok in 1.2 ms', {
      method: 'tools/call',
      durationMs: 1.2,
      traceId: undefined,
    });
    logger.warn('slow %s', 'store');
    expect(out.lines.every((line) => line.endsWith('\n'))).toBe(true);
    const [record, warning] = out.lines.map((line) => JSON.parse(line));
    expect(record).toEqual({
      time: expect.any(String),
      level: 'info',
      logger: 'armature',
      msg: 'tools/call echo ok in 1.2 ms',
      method: 'tools/call',
      durationMs: 1.2,
    });
    expect(warning).toMatchObject({ level: 'warn', msg: 'slow store' });
  });

  it('writes key=value pairs after the message in text format, quoting what has spaces', () => {
    const out = capture();
    new Logger('armature', 'info', out.write, { format: 'text' }).record('info', 'ping ok', {
      method: 'ping',
      name: 'two words',
      sessionId: undefined,
      requestId: 7,
    });
    expect(out.lines[0]).toMatch(/^\S+ INFO \[armature\] ping ok method=ping name="two words" requestId=7\n$/);
  });

  it('leaves out records below its level without formatting them', () => {
    const out = capture();
    const logger = new Logger('armature', 'warn', out.write, { format: 'json' });
    logger.record('info', 'tools/list ok', {});
    logger.info('%s', { toString: () => fail('formatted a record nobody reads') });
    expect(out.lines).toEqual([]);
    expect(logger.enabled('info')).toBe(false);
    expect(logger.enabled('error')).toBe(true);
  });

  it("hands records to the user's logger as (fields, message), pino's signature", () => {
    const got: unknown[][] = [];
    const sink = {
      debug: (...args: unknown[]) => got.push(['debug', ...args]),
      info: (...args: unknown[]) => got.push(['info', ...args]),
      warn: (...args: unknown[]) => got.push(['warn', ...args]),
      error: (...args: unknown[]) => got.push(['error', ...args]),
    } as LogSink;
    const logger = Logger.to(sink, 'info');
    logger.debug('hidden');
    logger.child('http').error('failed: %s', 'boom');
    logger.record('info', 'ping ok', { method: 'ping' });
    expect(got).toEqual([
      ['error', { logger: 'http' }, 'failed: boom'],
      ['info', { logger: 'armature', method: 'ping' }, 'ping ok'],
    ]);
  });
});
