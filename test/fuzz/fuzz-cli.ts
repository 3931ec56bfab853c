import 'reflect-metadata';
import { type FuzzStats, runFuzz, table } from './support/run-fuzz';
import { legacySse, stdio, streamableHttp } from './support/targets';

/**
 * `npm run fuzz`: the long run of the fuzz suite, 100,000 mutated messages per transport by
 * default (FUZZ_RUNS, FUZZ_SEED to change; FUZZ_TRANSPORTS=stdio,streamable-http,stateless-http,legacy-sse
 * picks some), printed as a table. Exit code 1 if anything went wrong.
 */
async function main(): Promise<void> {
  const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  const targets = {
    stdio: () => stdio(),
    'streamable-http': () => streamableHttp('session'),
    'stateless-http': () => streamableHttp('stateless'),
    'legacy-sse': () => legacySse(),
  };
  const chosen = (process.env.FUZZ_TRANSPORTS ?? Object.keys(targets).join(',')).split(',').map((n) => n.trim());
  const unknown = chosen.filter((name) => !(name in targets));
  if (unknown.length > 0) {
    process.stderr.write(
      `FUZZ_TRANSPORTS: unknown ${unknown.join(', ')}; choose from ${Object.keys(targets).join(', ')}\n`,
    );
    process.exit(2);
  }
  const rows: FuzzStats[] = [];
  for (const name of chosen) {
    const target = await targets[name as keyof typeof targets]();
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
