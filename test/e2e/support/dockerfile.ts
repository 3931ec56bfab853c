import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile, continuation lines joined, `ARG`s substituted. */
export type Instruction =
  | { op: 'WORKDIR'; dir: string }
  | { op: 'COPY'; from?: string; sources: string[]; dest: string }
  /** `cache`: the targets of `--mount=type=cache` (kept between builds, never in the image). */
  | { op: 'RUN'; command: string; cache: string[] }
  | { op: 'ENV'; vars: Record<string, string> }
  | { op: 'USER'; user: string }
  | { op: 'EXPOSE'; ports: string[] }
  | { op: 'HEALTHCHECK'; options: Record<string, string>; command: string[] }
  | { op: 'CMD'; command: string[] };

export interface Stage {
  name: string;
  image: string;
  steps: Instruction[];
}

/**
 * Reads the Dockerfile into its stages. Only the instructions listed in `Instruction` (and `ARG`,
 * `FROM`) are understood; any other one is an error, so a Dockerfile that grows a step the
 * deployment test cannot reproduce fails that test instead of drifting away from it. Exec-form
 * (JSON array) is required for CMD and HEALTHCHECK, as it is for signals to reach Node.
 */
export function readDockerfile(path: string): Stage[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  const withArgs = (text: string) => text.replace(/\$\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
  for (const line of lines) {
    const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!op) throw new Error(`Dockerfile: cannot read "${line}"`);
    if (op === 'ARG') {
      const [name, value = ''] = rest.split('=');
      args[name] = value;
      continue;
    }
    if (op === 'FROM') {
      const [image, as, name] = withArgs(rest).split(/\s+/);
      if (as?.toUpperCase() !== 'AS' || !name) throw new Error(`Dockerfile: name every stage ("FROM ${rest}")`);
      stages.push({ name, image, steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    stage.steps.push(instruction(op, rest));
  }
  return stages;
}

function instruction(op: string, rest: string): Instruction {
  switch (op) {
    case 'WORKDIR':
      return { op, dir: rest };
    case 'COPY': {
      const words = rest.split(/\s+/);
      const from = words[0].startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
      if (words.some((word) => word.startsWith('--')))
        throw new Error(`Dockerfile: unsupported COPY flag in "${rest}"`);
      const dest = words.pop()!;
      return { op, from, sources: words, dest };
    }
    case 'RUN': {
      const cache: string[] = [];
      let command = rest;
      for (let flag = /^--mount=(\S+)\s+/.exec(command); flag; flag = /^--mount=(\S+)\s+/.exec(command)) {
        const mount = Object.fromEntries(flag[1].split(',').map((pair) => pair.split('=') as [string, string]));
        if (mount.type !== 'cache' || !mount.target)
          throw new Error(`Dockerfile: only cache mounts are known ("${rest}")`);
        cache.push(mount.target);
        command = command.slice(flag[0].length);
      }
      if (command.startsWith('--')) throw new Error(`Dockerfile: unsupported RUN flag in "${rest}"`);
      return { op, command, cache };
    }
    case 'ENV': {
      const vars: Record<string, string> = {};
      for (const pair of rest.split(/\s+/)) {
        const [name, value] = pair.split('=');
        if (value === undefined) throw new Error(`Dockerfile: write ENV as NAME=value ("${rest}")`);
        vars[name] = value;
      }
      return { op, vars };
    }
    case 'USER':
      return { op, user: rest };
    case 'EXPOSE':
      return { op, ports: rest.split(/\s+/) };
    case 'HEALTHCHECK': {
      const [, flags, command] = /^((?:--\S+\s+)*)CMD\s+(.*)$/.exec(rest) ?? [];
      if (command === undefined) throw new Error(`Dockerfile: HEALTHCHECK needs CMD ("${rest}")`);
      const options = Object.fromEntries(
        flags
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((flag) => flag.slice(2).split('=') as [string, string]),
      );
      return { op, options, command: execForm(command, op) };
    }
    case 'CMD':
      return { op, command: execForm(rest, op) };
    default:
      throw new Error(`Dockerfile: the deployment test does not know ${op}; teach test/e2e/support/dockerfile.ts`);
  }
}

function execForm(text: string, op: string): string[] {
  try {
    const command = JSON.parse(text);
    if (Array.isArray(command) && command.every((word) => typeof word === 'string')) return command;
  } catch {}
  throw new Error(`Dockerfile: write ${op} in exec form (a JSON array), so SIGTERM reaches Node: ${text}`);
}
