import { runFuzz } from './support/run-fuzz';
import { type FuzzTarget, legacySse, stdio, streamableHttp } from './support/targets';

jest.setTimeout(120_000);

/** Messages per transport in the bounded run of `npm test` (`npm run fuzz` sends 100,000). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = 20261201;

/**
 * Mutated MCP messages (byte flips, truncation, wrong types in every field, deep nesting, huge
 * strings and ids, invalid UTF-8, duplicate keys, batches, __proto__ keys, bad headers) against
 * every transport: nothing crashes or hangs, no 5xx, every answer is well-formed JSON-RPC that
 * answers the request, and valid calls sent in between are answered correctly.
 */
describe.each([
  ['stdio', () => stdio()],
  ['streamable HTTP, 2025-11-25', () => streamableHttp('session')],
  ['streamable HTTP, 2026-07-28', () => streamableHttp('stateless')],
  ['legacy SSE', () => legacySse()],
] as const)('fuzzing %s', (_name, start) => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await start();
  });
  afterAll(() => target?.close());

  it(`survives ${RUNS} mutated messages with a fixed seed`, async () => {
    const stats = await runFuzz(target, RUNS, SEED);
    expect(stats.examples).toEqual([]);
    expect(stats).toMatchObject({ sent: RUNS, crashes: 0, hangs: 0, fiveXX: 0, malformed: 0, failedProbes: 0 });
  });
});
