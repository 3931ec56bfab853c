import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectProject } from '../../../src/cli/project-selection';

/** A project folder with two entries, and an unrelated working folder. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'armature-select-'));
  mkdirSync(join(dir, 'api', 'src'), { recursive: true });
  mkdirSync(join(dir, 'tools'));
  writeFileSync(join(dir, 'api', 'src', 'main.ts'), '');
  writeFileSync(join(dir, 'tools', 'main.ts'), '');
  writeFileSync(
    join(dir, 'nest-cli-like.config.json'),
    JSON.stringify({
      defaultProject: 'tools',
      projects: { api: { entry: 'api/src/main.ts' }, tools: { entry: 'tools/main.ts' } },
    }),
  );
  return { dir, elsewhere: mkdtempSync(join(tmpdir(), 'armature-cwd-')) };
}

describe('selectProject', () => {
  const env = {};

  it('takes a project name from the config found from the working folder', () => {
    const { dir } = workspace();
    expect(selectProject('api', undefined, dir, env)).toMatchObject({
      project: 'api',
      entry: join(dir, 'api', 'src', 'main.ts'),
      configPath: join(dir, 'nest-cli-like.config.json'),
    });
  });

  it('takes a project folder from anywhere: the config is found from the folder, the project by its entry', () => {
    const { dir, elsewhere } = workspace();
    expect(selectProject(join(dir, 'api'), undefined, elsewhere, env)).toMatchObject({ project: 'api' });
    expect(selectProject(dir, undefined, elsewhere, env)).toMatchObject({ project: 'tools' });
  });

  it('takes a config file or an entry file from anywhere', () => {
    const { dir, elsewhere } = workspace();
    const config = join(dir, 'nest-cli-like.config.json');
    expect(selectProject(config, undefined, elsewhere, env)).toMatchObject({ project: 'tools', configPath: config });
    expect(selectProject(join(dir, 'api', 'src', 'main.ts'), undefined, elsewhere, env)).toMatchObject({
      project: 'api',
      configPath: config,
    });
  });

  it('names what is wrong: a missing path, an unknown project, no config at all', () => {
    const { dir, elsewhere } = workspace();
    expect(() => selectProject('./nope', undefined, dir, env)).toThrow(`${join(dir, 'nope')} does not exist`);
    expect(() => selectProject('web', undefined, dir, env)).toThrow(/Unknown project "web" .*known: api, tools/);
    expect(() => selectProject(undefined, undefined, elsewhere, env)).toThrow(
      `no project given and no nest-cli-like.config.json found in or above ${elsewhere} (use --config <file>)`,
    );
  });
});
