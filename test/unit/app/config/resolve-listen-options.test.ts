// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV} placeholders are the subject of these tests
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  loadConfig,
  parseConfig,
  resolveLaunch,
  resolveListenOptions,
  setLaunchContext,
} from '../../../../src/app/config';

function workspace(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'armature-config-'));
  writeFileSync(join(dir, 'nest-cli-like.config.json'), JSON.stringify(config));
  return dir;
}

const config = {
  defaultProject: 'quickstart',
  transport: { type: 'sse', host: '0.0.0.0', port: 4000, keepAliveMs: 15000 },
  projects: {
    quickstart: { entry: 'examples/quickstart/main.ts' },
    conformance: { entry: 'examples/conformance/main.ts', transport: { type: 'streamable-http', port: 5000 } },
  },
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

afterEach(() => setLaunchContext(undefined));

describe('resolveListenOptions precedence', () => {
  const cwd = workspace(config);
  const none = { mainFile: undefined };

  it('uses built-in defaults without a config file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'armature-none-'));
    expect(resolveListenOptions({}, { cwd: empty, env: {}, ...none })).toEqual({
      transport: 'stdio',
      host: '127.0.0.1',
    });
  });

  it('layers the top-level transport, then the project, then env, then flags, then the argument', () => {
    const env = { ARMATURE_PORT: '6000', ARMATURE_HOST: 'localhost' };
    expect(resolveListenOptions({}, { cwd, env: {}, project: 'conformance', ...none })).toEqual({
      transport: 'streamable-http',
      host: '0.0.0.0',
      port: 5000,
      keepAliveMs: 15000,
    });
    expect(resolveListenOptions({}, { cwd, env, project: 'conformance', ...none })).toMatchObject({
      host: 'localhost',
      port: 6000,
    });
    const flags = { port: 7000, path: '/x' };
    expect(resolveListenOptions({}, { cwd, env, cliFlags: flags, project: 'conformance', ...none })).toMatchObject({
      port: 7000,
      path: '/x',
      host: 'localhost',
    });
    expect(
      resolveListenOptions({ port: 8000, transport: 'stdio' }, { cwd, env, cliFlags: flags, project: 'conformance' }),
    ).toMatchObject({ port: 8000, transport: 'stdio', path: '/x' });
  });

  it('takes the project and flags from the launch context the CLI sets', () => {
    setLaunchContext({ project: 'conformance', flags: { transport: 'sse', port: '9000' } });
    expect(resolveListenOptions({}, { cwd, env: {}, ...none })).toMatchObject({ transport: 'sse', port: 9000 });
  });

  it('reads ARMATURE_TRANSPORT and finds the file named by ARMATURE_CONFIG', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'armature-cwd-'));
    const env = { ARMATURE_CONFIG: join(cwd, 'nest-cli-like.config.json'), ARMATURE_TRANSPORT: 'stdio' };
    expect(resolveListenOptions({}, { cwd: elsewhere, env, ...none })).toMatchObject({
      transport: 'stdio',
      port: 4000,
    });
  });

  it('finds the config file walking up from cwd', () => {
    const nested = join(cwd, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    expect(resolveLaunch({}, { cwd: nested, env: {}, ...none }).config.path).toBe(
      join(cwd, 'nest-cli-like.config.json'),
    );
  });

  it('names a bad environment variable or flag', () => {
    expect(problemsOf(() => resolveListenOptions({}, { cwd, env: { ARMATURE_PORT: 'x' }, ...none }))).toEqual([
      'ARMATURE_PORT: must be an integer between 0 and 65535',
    ]);
    expect(problemsOf(() => resolveListenOptions({}, { cwd, env: {}, cliFlags: { port: 70000 }, ...none }))).toEqual([
      '--port: must be an integer between 0 and 65535',
    ]);
    expect(
      problemsOf(() => resolveListenOptions({}, { cwd, env: { ARMATURE_TRANSPORT: 'carrier-pigeon' }, ...none })),
    ).toEqual(['ARMATURE_TRANSPORT: must be one of stdio, sse, streamable-http']);
  });
});

describe('project selection', () => {
  const cwd = workspace(config);

  it('prefers the explicit project, then ARMATURE_PROJECT, then the running entry, then defaultProject', () => {
    const main = join(cwd, 'examples/conformance/main.ts');
    expect(resolveLaunch({}, { cwd, env: {}, mainFile: undefined }).project).toBe('quickstart');
    expect(resolveLaunch({}, { cwd, env: {}, mainFile: main }).project).toBe('conformance');
    expect(resolveLaunch({}, { cwd, env: {}, mainFile: join(cwd, 'examples/conformance/main.js') }).project).toBe(
      'conformance',
    );
    expect(resolveLaunch({}, { cwd, env: { ARMATURE_PROJECT: 'quickstart' }, mainFile: main }).project).toBe(
      'quickstart',
    );
    expect(
      resolveLaunch({}, { cwd, env: { ARMATURE_PROJECT: 'quickstart' }, project: 'conformance', mainFile: main })
        .project,
    ).toBe('conformance');
  });

  it('rejects an unknown project, listing the known ones', () => {
    const [problem] = problemsOf(() => resolveLaunch({}, { cwd, env: {}, project: 'nope' }));
    expect(problem).toMatch(/project "nope" is not defined.*known: quickstart, conformance/);
  });
});

describe('config validation', () => {
  it('names the key path of a bad value', () => {
    const bad = { projects: { conformance: { entry: 'main.ts', transport: { port: 70000 } } } };
    expect(problemsOf(() => parseConfig(bad, {}))).toEqual([
      'projects.conformance.transport.port: must be an integer between 0 and 65535',
    ]);
  });

  it('rejects unknown keys at every level', () => {
    const bad = {
      colour: 'blue',
      transport: { type: 'stdio', prot: 1 },
      projects: { a: { entry: 'a.ts', extra: true, transport: { responseMode: 'xml' } } },
    };
    expect(problemsOf(() => parseConfig(bad, {})).sort()).toEqual([
      'colour: is not a known option',
      'projects.a.extra: is not a known option',
      'projects.a.transport.responseMode: must be one of auto, json, sse',
      'transport.prot: is not a known option',
    ]);
  });

  it('checks types of every option and requires an entry', () => {
    const bad = {
      defaultProject: 'missing',
      transport: {
        path: 'mcp',
        stateless: 'yes',
        allowedHosts: [1],
        cors: 'x',
        sessionTtlMs: -1,
        sessionRefreshMs: 1.5,
        maxBodyBytes: 0,
      },
      projects: { a: {}, b: 'no' },
    };
    expect(problemsOf(() => parseConfig(bad, {})).sort()).toEqual([
      'defaultProject: "missing" is not one of the projects (none is defined)',
      'projects.a.entry: must be a path to the entry file (relative to the config file)',
      'projects.b: must be an object { entry, transport }',
      'transport.allowedHosts: must be an array of strings',
      'transport.cors: must be true, false or an array of origin strings',
      'transport.maxBodyBytes: must be a positive integer (bytes)',
      'transport.path: must be a string starting with "/"',
      'transport.sessionRefreshMs: must be a non-negative integer (milliseconds)',
      'transport.sessionTtlMs: must be a non-negative integer (milliseconds)',
      'transport.stateless: must be true or false',
    ]);
  });

  it('checks the probe paths: each starts with "/" and none shadows another or the MCP endpoint', () => {
    const bad = {
      transport: { path: '/mcp', healthPath: 'healthz' },
      projects: {
        a: { entry: 'a.ts', transport: { path: '/api/mcp', healthPath: '/api/mcp', readyPath: '/readyz' } },
        b: { entry: 'b.ts', transport: { healthPath: '/live', readyPath: '/live' } },
      },
    };
    expect(problemsOf(() => parseConfig(bad, {})).sort()).toEqual([
      'projects.a.transport.healthPath: must differ from path (the MCP endpoint)',
      'projects.b.transport.readyPath: must differ from path (the MCP endpoint) and from healthPath',
      'transport.healthPath: must be a string starting with "/"',
    ]);
    const good = { transport: { healthPath: '/livez', readyPath: '/ready' } };
    expect(parseConfig(good, {}).transport).toMatchObject({ healthPath: '/livez', readyPath: '/ready' });
  });

  it('resolves entries against the config file folder', () => {
    const parsed = parseConfig({ projects: { a: { entry: 'src/main.ts' } } }, {}, '/srv/app/nest-cli-like.config.json');
    expect(parsed.projects.a.entry).toBe('/srv/app/src/main.ts');
  });
});

describe('${ENV} interpolation', () => {
  it('substitutes variables and defaults, coercing numbers and booleans', () => {
    const raw = {
      transport: { type: '${KIND}', host: '${HOST:-127.0.0.1}', port: '${PORT:-3000}', stateless: '${STATELESS}' },
      projects: { a: { entry: '${APP_DIR}/main.ts' } },
    };
    const parsed = parseConfig(raw, { KIND: 'sse', STATELESS: 'true', APP_DIR: '/opt/app' }, '/x/c.json');
    expect(parsed.transport).toMatchObject({ type: 'sse', host: '127.0.0.1', port: 3000, stateless: true });
    expect(parsed.projects.a.entry).toBe('/opt/app/main.ts');
  });

  it('names an unset variable without a default and where it is used', () => {
    expect(problemsOf(() => parseConfig({ transport: { host: 'h-${MISSING_HOST}' } }, {}))).toEqual([
      'transport.host: environment variable MISSING_HOST is not set (write ${MISSING_HOST:-default} to give a default)',
    ]);
  });

  it('validates interpolated values like literal ones', () => {
    expect(problemsOf(() => parseConfig({ transport: { port: '${PORT}' } }, { PORT: 'eighty' }))).toEqual([
      'transport.port: must be an integer between 0 and 65535',
    ]);
  });

  it('keeps $${ as a literal ${', () => {
    expect(parseConfig({ transport: { host: '$${X}' } }, {}).transport.host).toBe('${X}');
  });
});

describe('reading a config file again', () => {
  it('validates it once while its text and the variables it uses stay the same', () => {
    const file = join(workspace({ transport: { port: '${FIRST_PORT:-3000}' } }), 'nest-cli-like.config.json');
    const first = loadConfig(file, { FIRST_PORT: '4000' });
    expect(loadConfig(file, { FIRST_PORT: '4000', UNRELATED: 'x' })).toBe(first);
  });

  it('reads it anew when a variable it uses changes or is unset', () => {
    const file = join(workspace({ transport: { port: '${SECOND_PORT:-3000}' } }), 'nest-cli-like.config.json');
    expect(loadConfig(file, { SECOND_PORT: '4000' }).transport.port).toBe(4000);
    expect(loadConfig(file, { SECOND_PORT: '5000' }).transport.port).toBe(5000);
    expect(loadConfig(file, {}).transport.port).toBe(3000);
  });

  it('reads it anew when the file changed', () => {
    const dir = workspace({ transport: { port: 4000 } });
    const file = join(dir, 'nest-cli-like.config.json');
    expect(loadConfig(file, {}).transport.port).toBe(4000);
    writeFileSync(file, JSON.stringify({ transport: { port: 4001 } }));
    expect(loadConfig(file, {}).transport.port).toBe(4001);
  });
});
