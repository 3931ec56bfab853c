// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV} placeholders are the subject of these tests
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { loadConfig, parseConfig } from '../../../../src/app/config';

const ROOT = join(__dirname, '..', '..', '../..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('nest-cli-like.config.json', () => {
  const schema = read('schema/armature-config.schema.json');
  const validate = new Ajv2020({ allErrors: true }).compile(schema);

  it('matches its JSON Schema and the DTO validation', () => {
    const file = read('nest-cli-like.config.json');
    expect(file.$schema).toBe('./schema/armature-config.schema.json');
    expect(validate(file)).toBe(true);
    const config = loadConfig(join(ROOT, 'nest-cli-like.config.json'), {});
    expect(config.projects.conformance.entry).toBe(join(ROOT, 'examples/conformance/main.ts'));
    expect(config.projects.quickstart.entry).toBe(join(ROOT, 'examples/quickstart/main.ts'));
  });

  it('has a schema that rejects what the DTOs reject', () => {
    expect(validate({ projects: { a: { entry: 'a.ts', transport: { port: 70000 } } } })).toBe(false);
    expect(validate({ transport: { bogus: 1 } })).toBe(false);
    expect(validate({ projects: { a: {} } })).toBe(false);
    expect(validate({ transport: { port: '${PORT:-3000}', stateless: '${STATELESS}' } })).toBe(true);
    expect(validate({ progressSettleMs: 'auto', projects: { a: { entry: 'a.ts', progressSettleMs: 0 } } })).toBe(true);
    expect(validate({ progressSettleMs: 'never' })).toBe(false);
    expect(validate({ progressSettleMs: -1 })).toBe(false);
  });

  it('describes the state options as the DTOs check them', () => {
    const redis = { type: 'redis', url: 'redis://cache:6379/2', prefix: 'weather:' };
    expect(validate({ state: redis, stateKey: '${ARMATURE_STATE_KEY}' })).toBe(true);
    expect(
      validate({ projects: { a: { entry: 'a.ts', state: { url: '${REDIS_URL}' }, stateKey: 'k'.repeat(32) } } }),
    ).toBe(true);
    expect(validate({ state: { type: 'memcached' } })).toBe(false);
    expect(validate({ state: { url: 'http://cache:6379' } })).toBe(false);
    expect(validate({ state: { host: 'cache' } })).toBe(false);
    expect(validate({ stateKey: 'too short' })).toBe(false);
  });

  it('describes trustProxy as a boolean transport option', () => {
    expect(validate({ transport: { trustProxy: true } })).toBe(true);
    expect(validate({ transport: { trustProxy: '${TRUST_PROXY:-false}' } })).toBe(true);
    expect(validate({ transport: { trustProxy: 'yes' } })).toBe(false);
    expect(parseConfig({ transport: { trustProxy: '${TRUST_PROXY:-true}' } }, {}).transport.trustProxy).toBe(true);
    expect(() => parseConfig({ transport: { trustProxy: 'yes' } }, {})).toThrow(
      'transport.trustProxy: must be true or false',
    );
  });

  it('describes timeoutMs, the default @Timeout, at the top level and per project', () => {
    expect(validate({ timeoutMs: 30000, projects: { a: { entry: 'a.ts', timeoutMs: '${TIMEOUT_MS:-5000}' } } })).toBe(
      true,
    );
    expect(validate({ timeoutMs: 0 })).toBe(false);
    expect(validate({ timeoutMs: 1.5 })).toBe(false);
    expect(validate({ projects: { a: { entry: 'a.ts', timeoutMs: 'soon' } } })).toBe(false);
  });
});
