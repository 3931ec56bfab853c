// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV} placeholders are the subject of these tests
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveTimeoutMs, setLaunchContext } from '../../../../src/app/config';
import { parseCliArgs } from '../../../../src/cli/args';

function workspace(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'armature-timeout-'));
  writeFileSync(join(dir, 'nest-cli-like.config.json'), JSON.stringify(config));
  return dir;
}

function problemsOf(run: () => unknown): { problems: string[]; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { problems: (error as ConfigError).problems, message: (error as ConfigError).message };
  }
  throw new Error('expected a ConfigError');
}

const none = { mainFile: undefined };
const empty = () => ({ cwd: mkdtempSync(join(tmpdir(), 'armature-none-')), env: {}, ...none });

afterEach(() => setLaunchContext(undefined));

describe('resolveTimeoutMs (the default @Timeout)', () => {
  it('sets no limit when nothing is configured', () => {
    expect(resolveTimeoutMs(undefined, empty())).toBeUndefined();
  });

  it('layers the file, the project, ARMATURE_TIMEOUT_MS, --timeout-ms and the code, lowest first', () => {
    const cwd = workspace({ timeoutMs: 30_000, projects: { api: { entry: 'api.ts', timeoutMs: 5_000 } } });
    expect(resolveTimeoutMs(undefined, { cwd, env: {}, ...none })).toBe(30_000);
    expect(resolveTimeoutMs(undefined, { cwd, env: {}, project: 'api', ...none })).toBe(5_000);
    const env = { ARMATURE_TIMEOUT_MS: '2000' };
    expect(resolveTimeoutMs(undefined, { cwd, env, project: 'api', ...none })).toBe(2_000);
    const cliFlags = { timeoutMs: 1_500 };
    expect(resolveTimeoutMs(undefined, { cwd, env, cliFlags, project: 'api', ...none })).toBe(1_500);
    expect(resolveTimeoutMs(700, { cwd, env, cliFlags, project: 'api', ...none })).toBe(700);
  });

  it('reads --timeout-ms from the launch context the CLI records, and ${ENV} in the file', () => {
    setLaunchContext({ flags: { timeoutMs: 1_234 } });
    expect(resolveTimeoutMs(undefined, empty())).toBe(1_234);
    setLaunchContext(undefined);
    const cwd = workspace({ timeoutMs: '${TOOL_TIMEOUT:-9000}' });
    expect(resolveTimeoutMs(undefined, { cwd, env: {}, ...none })).toBe(9_000);
    expect(resolveTimeoutMs(undefined, { cwd, env: { TOOL_TIMEOUT: '250' }, ...none })).toBe(250);
  });

  it('refuses zero, negative, fractional and non-numeric limits in the file, naming the key path', () => {
    const cwd = workspace({ timeoutMs: 0, projects: { api: { entry: 'api.ts', timeoutMs: 'soon' } } });
    const { problems, message } = problemsOf(() => resolveTimeoutMs(undefined, { cwd, env: {}, ...none }));
    expect(problems.sort()).toEqual([
      'projects.api.timeoutMs: must be a positive integer (milliseconds)',
      'timeoutMs: must be a positive integer (milliseconds)',
    ]);
    expect(message).toContain(join(cwd, 'nest-cli-like.config.json'));
    expect(
      problemsOf(() => resolveTimeoutMs(undefined, { cwd: workspace({ timeoutMs: 1.5 }), env: {}, ...none })).problems,
    ).toEqual(['timeoutMs: must be a positive integer (milliseconds)']);
  });

  it('refuses bad values from the environment, the flag and the code, naming where they came from', () => {
    const { cwd } = empty();
    const fromEnv = problemsOf(() => resolveTimeoutMs(undefined, { cwd, env: { ARMATURE_TIMEOUT_MS: '5s' }, ...none }));
    expect(fromEnv.problems).toEqual(['ARMATURE_TIMEOUT_MS: must be a positive integer (milliseconds), got "5s"']);
    expect(fromEnv.message).toMatch(/^Invalid configuration in environment:/);
    expect(
      problemsOf(() => resolveTimeoutMs(undefined, { cwd, env: {}, cliFlags: { timeoutMs: 0 }, ...none })).problems,
    ).toEqual(['--timeout-ms: must be a positive integer (milliseconds), got 0']);
    const bad: [unknown, string][] = [
      [-1, '-1'],
      [2.5, '2.5'],
      [Number.NaN, 'NaN'],
      [Infinity, 'Infinity'],
      ['300', '"300"'],
    ];
    for (const [value, shown] of bad) {
      const { problems, message } = problemsOf(() => resolveTimeoutMs(value, empty()));
      expect(problems).toEqual([`timeoutMs: must be a positive integer (milliseconds), got ${shown}`]);
      expect(message).toMatch(/^Invalid configuration in McpApplication.create\(\) options:/);
    }
  });

  it('takes --timeout-ms on start and dev, as a positive integer', () => {
    expect(parseCliArgs(['start', 'api', '--timeout-ms', '5000'])).toMatchObject({ flags: { timeoutMs: 5_000 } });
    expect(parseCliArgs(['dev', '--timeout-ms=250'])).toMatchObject({ flags: { timeoutMs: 250 } });
    expect(() => parseCliArgs(['start', '--timeout-ms', '0'])).toThrow(
      '--timeout-ms must be a positive integer (milliseconds), got "0"',
    );
    expect(() => parseCliArgs(['start', '--timeout-ms', '5s'])).toThrow('got "5s"');
    expect(() => parseCliArgs(['inspect', '--timeout-ms', '5'])).toThrow('"inspect" does not take --timeout-ms');
  });
});
