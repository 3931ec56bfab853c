import { fuzzInputs } from './mutations';
import type { FuzzTarget } from './targets';

export interface FuzzStats {
  transport: string;
  sent: number;
  /** Promise rejections that escaped unhandled (each would have ended a server process). */
  crashes: number;
  hangs: number;
  fiveXX: number;
  malformed: number;
  /** Valid calls, sent between the inputs, that were not answered correctly. */
  failedProbes: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  seed: number;
  durationS: number;
  /** The first inputs that went wrong, for the report. */
  examples: string[];
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Sends `count` mutated messages from `seed` to `target`, one at a time, a valid call every `probeEvery`. */
export async function runFuzz(target: FuzzTarget, count: number, seed: number, probeEvery = 50): Promise<FuzzStats> {
  let crashes = 0;
  const onRejection = () => crashes++;
  process.on('unhandledRejection', onRejection);
  global.gc?.();
  const started = Date.now();
  const stats: FuzzStats = {
    transport: target.name,
    sent: 0,
    crashes: 0,
    hangs: 0,
    fiveXX: 0,
    malformed: 0,
    failedProbes: 0,
    rssBeforeMb: mb(process.memoryUsage().rss),
    rssAfterMb: 0,
    seed,
    durationS: 0,
    examples: [],
  };
  try {
    for (const input of fuzzInputs(target.era, count, seed)) {
      const verdict = await target.send(input);
      stats.sent++;
      if (verdict !== 'ok') {
        if (verdict === 'hang') stats.hangs++;
        else if (verdict === '5xx') stats.fiveXX++;
        else stats.malformed++;
        if (stats.examples.length < 5)
          stats.examples.push(`${verdict}: ${input.body.subarray(0, 200).toString('latin1')}`);
      }
      if (stats.sent % probeEvery === 0 && !(await target.probe())) stats.failedProbes++;
    }
    if (!(await target.probe())) stats.failedProbes++;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  global.gc?.();
  stats.crashes = crashes;
  stats.rssAfterMb = mb(process.memoryUsage().rss);
  stats.durationS = Math.round((Date.now() - started) / 1000);
  return stats;
}

/** The table `npm run fuzz` prints. */
export function table(rows: FuzzStats[]): string {
  const head = [
    'transport',
    'sent',
    'crashes',
    'hangs',
    '5xx',
    'malformed',
    'failed probes',
    'RSS before',
    'RSS after',
    'seed',
    'duration',
  ];
  const lines = rows.map((r) => [
    r.transport,
    String(r.sent),
    String(r.crashes),
    String(r.hangs),
    String(r.fiveXX),
    String(r.malformed),
    String(r.failedProbes),
    `${r.rssBeforeMb} MB`,
    `${r.rssAfterMb} MB`,
    String(r.seed),
    `${r.durationS} s`,
  ]);
  const md = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [md(head), md(head.map(() => '---')), ...lines.map(md)].join('\n');
}
