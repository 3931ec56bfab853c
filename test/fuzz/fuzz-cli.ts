import 'reflect-metadata';
import { type FuzzStats, runFuzz, table } from './support/run-fuzz';
import { legacySse, stdio, streamableHttp } from './support/targets';

/**
 * `npm run fuzz`: the long run of the fuzz suite, 100,000 mutated messages per transport by
 * default (FUZZ_RUNS, FUZZ_SEED to change), printed as a table. Exit code 1 if anything went wrong.
 */
async function main(): Promise<void> {
  const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  const rows: FuzzStats[] = [];
  for (const start of [
    () => stdio(),
    () => streamableHttp('session'),
    () => streamableHttp('stateless'),
    () => legacySse(),
  ]) {
    const target = await start();
    const stats = await runFuzz(target, runs, seed);
    await target.close();
    rows.push(stats);
    process.stderr.write(`${stats.transport}: ${stats.sent} in ${stats.durationS} s\n`);
    for (const example of stats.examples) process.stderr.write(`  ${example}\n`);
    // The table so far after each transport: a long run cut short still reports the ones that finished.
    process.stderr.write(`${table(rows)}\n`);
  }
  process.stdout.write(`${table(rows)}\n`);
  const bad = rows.some((r) => r.crashes + r.hangs + r.fiveXX + r.malformed + r.failedProbes > 0);
  process.exit(bad ? 1 : 0);
}

void main();
