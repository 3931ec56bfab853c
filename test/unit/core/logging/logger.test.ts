import { Logger, readLogLevel } from '../../../../src/core/logging/logger';

describe('ARMATURE_LOG_LEVEL', () => {
  it('defaults to info when unset or empty', () => {
    expect(readLogLevel({})).toBe('info');
    expect(readLogLevel({ ARMATURE_LOG_LEVEL: '' })).toBe('info');
  });

  it('accepts each level, in any case', () => {
    expect(readLogLevel({ ARMATURE_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(readLogLevel({ ARMATURE_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(readLogLevel({ ARMATURE_LOG_LEVEL: 'silent' })).toBe('silent');
  });

  it('refuses an unknown value, listing the allowed ones', () => {
    expect(() => readLogLevel({ ARMATURE_LOG_LEVEL: 'verbose' })).toThrow(
      'ARMATURE_LOG_LEVEL must be one of debug, info, warn, error, silent; got "verbose"',
    );
  });

  it('writes only messages at or above its level', () => {
    const lines: string[] = [];
    const logger = new Logger('test', 'warn', (line) => lines.push(line));
    logger.info('hidden');
    logger.warn('shown %d', 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ WARN \[test\] shown 1\n$/);
  });
});
