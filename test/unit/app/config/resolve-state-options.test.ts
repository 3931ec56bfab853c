// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV} placeholders are the subject of these tests
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveStateOptions, setLaunchContext } from '../../../../src/app/config';
import { parseCliArgs } from '../../../../src/cli/args';

const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(40);

function workspace(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'armature-state-'));
  writeFileSync(join(dir, 'nest-cli-like.config.json'), JSON.stringify(config));
  return dir;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const none = { mainFile: undefined };
const empty = () => ({ cwd: mkdtempSync(join(tmpdir(), 'armature-none-')), env: {}, ...none });

afterEach(() => setLaunchContext(undefined));

describe('resolveStateOptions', () => {
  it('keeps state in memory, with a random sealing key, when nothing is configured', () => {
    expect(resolveStateOptions({}, empty())).toEqual({ type: 'memory', prefix: 'armature:' });
  });

  it('layers the file, the project, the environment, --redis and the code, lowest first', () => {
    const cwd = workspace({
      state: { type: 'redis', url: 'redis://file:6379', prefix: 'file:' },
      stateKey: '${ARMATURE_STATE_KEY}',
      projects: { api: { entry: 'api.ts', state: { url: 'redis://project:6379' } } },
    });
    const env = { ARMATURE_STATE_KEY: KEY };
    expect(resolveStateOptions({}, { cwd, env, ...none })).toEqual({
      type: 'redis',
      url: 'redis://file:6379',
      prefix: 'file:',
      stateKey: KEY,
    });
    expect(resolveStateOptions({}, { cwd, env, project: 'api', ...none })).toMatchObject({
      url: 'redis://project:6379',
      prefix: 'file:',
    });
    const withEnv = { ...env, ARMATURE_REDIS_URL: 'redis://env:6379' };
    expect(resolveStateOptions({}, { cwd, env: withEnv, project: 'api', ...none }).url).toBe('redis://env:6379');
    const flags = { redis: 'rediss://flag:6380' };
    expect(resolveStateOptions({}, { cwd, env: withEnv, cliFlags: flags, ...none }).url).toBe('rediss://flag:6380');
    expect(
      resolveStateOptions({ state: { type: 'memory' }, stateKey: OTHER_KEY }, { cwd, env: withEnv, cliFlags: flags }),
    ).toMatchObject({ type: 'memory', stateKey: OTHER_KEY });
  });

  it('selects Redis on 127.0.0.1:6379 from ARMATURE_REDIS_URL or --redis alone', () => {
    const { cwd } = empty();
    const env = { ARMATURE_REDIS_URL: 'redis://127.0.0.1:6379/3', ARMATURE_STATE_KEY: KEY };
    expect(resolveStateOptions({}, { cwd, env, ...none })).toEqual({
      type: 'redis',
      url: 'redis://127.0.0.1:6379/3',
      prefix: 'armature:',
      stateKey: KEY,
    });
    expect(resolveStateOptions({ state: { type: 'redis' }, stateKey: KEY }, empty()).url).toBe(
      'redis://127.0.0.1:6379',
    );
    setLaunchContext({ flags: { redis: 'redis://10.0.0.5:6379' } });
    expect(resolveStateOptions({}, { cwd, env: { ARMATURE_STATE_KEY: KEY }, ...none }).url).toBe(
      'redis://10.0.0.5:6379',
    );
  });

  it('takes the key prefix from ARMATURE_REDIS_PREFIX, which alone does not select Redis', () => {
    const { cwd } = empty();
    const env = {
      ARMATURE_REDIS_URL: 'redis://127.0.0.1:6379',
      ARMATURE_REDIS_PREFIX: 'run-7:',
      ARMATURE_STATE_KEY: KEY,
    };
    expect(resolveStateOptions({}, { cwd, env, ...none })).toMatchObject({ type: 'redis', prefix: 'run-7:' });
    expect(resolveStateOptions({}, { cwd, env: { ARMATURE_REDIS_PREFIX: 'run-7:' }, ...none })).toEqual({
      type: 'memory',
      prefix: 'run-7:',
    });
    expect(problemsOf(() => resolveStateOptions({}, { cwd, env: { ARMATURE_REDIS_PREFIX: '' }, ...none }))).toEqual([
      'ARMATURE_REDIS_PREFIX: must be a non-empty string',
    ]);
  });

  it('refuses Redis state without a stateKey, and says why and where to set one', () => {
    const [problem] = problemsOf(() => resolveStateOptions({ state: { type: 'redis' } }, empty()));
    expect(problem).toMatch(/^stateKey: required when state.type is "redis"/);
    expect(problem).toContain('every instance must seal multi round-trip request state with the same key');
    expect(problem).toContain('ARMATURE_STATE_KEY');
    const cwd = workspace({ state: { type: 'redis' } });
    expect(problemsOf(() => resolveStateOptions({}, { cwd, env: {}, ...none }))[0]).toMatch(/^stateKey: required/);
  });

  it('refuses short keys and bad URLs, naming the variable, flag or option', () => {
    const { cwd } = empty();
    expect(problemsOf(() => resolveStateOptions({}, { cwd, env: { ARMATURE_STATE_KEY: 'short' }, ...none }))).toEqual([
      'ARMATURE_STATE_KEY: must be a secret of at least 32 characters, got 5',
    ]);
    expect(problemsOf(() => resolveStateOptions({ stateKey: Buffer.alloc(16) }, empty()))).toEqual([
      'stateKey (McpApplication.create() options): must be 32 bytes when given as a Buffer, got 16',
    ]);
    const env = { ARMATURE_REDIS_URL: 'localhost:6379', ARMATURE_STATE_KEY: KEY };
    expect(problemsOf(() => resolveStateOptions({}, { cwd, env, ...none }))).toEqual([
      'ARMATURE_REDIS_URL: must be a redis:// or rediss:// URL',
    ]);
    expect(
      problemsOf(() => resolveStateOptions({}, { cwd, env: {}, cliFlags: { redis: 'http://x' }, ...none })),
    ).toEqual(['--redis: must be a redis:// or rediss:// URL']);
    expect(
      problemsOf(() => resolveStateOptions({ state: { type: 'mongo' as 'redis' }, stateKey: KEY }, empty())),
    ).toEqual(['state.type: must be one of memory, redis']);
  });

  it('reports bad state in the file with its key path, and an unset ${ARMATURE_STATE_KEY}', () => {
    const bad = workspace({ state: { type: 'redis', url: 'tcp://x', color: 'red' }, stateKey: 'short' });
    expect(problemsOf(() => resolveStateOptions({}, { cwd: bad, env: {}, ...none })).sort()).toEqual([
      'state.color: is not a known option',
      'state.url: must be a redis:// or rediss:// URL',
      'stateKey: must be a secret of at least 32 characters',
    ]);
    const unset = workspace({ state: { type: 'redis' }, stateKey: '${ARMATURE_STATE_KEY}' });
    expect(problemsOf(() => resolveStateOptions({}, { cwd: unset, env: {}, ...none }))).toEqual([
      'stateKey: environment variable ARMATURE_STATE_KEY is not set (write ${ARMATURE_STATE_KEY:-default} to give a default)',
    ]);
  });

  it('takes --redis <url> on armature start only', () => {
    expect(parseCliArgs(['start', 'api', '--redis', 'redis://cache:6379'])).toMatchObject({
      command: 'start',
      flags: { redis: 'redis://cache:6379' },
    });
    expect(() => parseCliArgs(['inspect', '--redis', 'redis://cache:6379'])).toThrow('"inspect" does not take --redis');
  });
});
