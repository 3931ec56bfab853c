import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, resolveProgressSettleMs } from '../../../../src/app/config';

function workspace(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'armature-settle-'));
  writeFileSync(join(dir, 'nest-cli-like.config.json'), JSON.stringify(config));
  return dir;
}

const none = { mainFile: undefined };
const empty = () => ({ cwd: mkdtempSync(join(tmpdir(), 'armature-none-')), env: {}, ...none });

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveProgressSettleMs (the compatibility setting for clients that lose progress)', () => {
  it("is 'auto' when nothing is configured", () => {
    expect(resolveProgressSettleMs(undefined, empty())).toBe('auto');
  });

  it('layers the file, the project, ARMATURE_PROGRESS_SETTLE_MS and the code, lowest first', () => {
    const cwd = workspace({ progressSettleMs: 0, projects: { api: { entry: 'api.ts', progressSettleMs: 80 } } });
    expect(resolveProgressSettleMs(undefined, { cwd, env: {}, ...none })).toBe(0);
    expect(resolveProgressSettleMs(undefined, { cwd, env: {}, project: 'api', ...none })).toBe(80);
    const env = { ARMATURE_PROGRESS_SETTLE_MS: 'auto' };
    expect(resolveProgressSettleMs(undefined, { cwd, env, project: 'api', ...none })).toBe('auto');
    expect(resolveProgressSettleMs(120, { cwd, env, project: 'api', ...none })).toBe(120);
    expect(resolveProgressSettleMs(undefined, { ...empty(), env: { ARMATURE_PROGRESS_SETTLE_MS: '0' } })).toBe(0);
  });

  it('refuses anything but auto or a non-negative integer, naming where it came from', () => {
    const env = { ARMATURE_PROGRESS_SETTLE_MS: '50ms' };
    expect(problemOf(() => resolveProgressSettleMs(undefined, { ...empty(), env }))).toMatch(
      /ARMATURE_PROGRESS_SETTLE_MS: must be "auto" or a non-negative integer \(milliseconds\), got "50ms"/,
    );
    expect(problemOf(() => resolveProgressSettleMs(-1, empty()))).toMatch(/progressSettleMs: must be "auto"/);
    expect(problemOf(() => resolveProgressSettleMs('sometimes', empty()))).toMatch(/got "sometimes"/);
    const cwd = workspace({ progressSettleMs: 'never' });
    expect(problemOf(() => loadConfig(join(cwd, 'nest-cli-like.config.json'), {}))).toMatch(
      /progressSettleMs: must be "auto" or a non-negative integer/,
    );
  });
});
