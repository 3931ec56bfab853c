import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { type ValidatorOptions, validateSync } from 'class-validator';
import { ArmatureConfigDto, ProjectConfigDto, type StateConfigDto, type TransportConfigDto } from './config.dto';
import { ConfigError, describeValidationErrors } from './config-error';
import { interpolate } from './interpolate';

export const CONFIG_FILE_NAME = 'nest-cli-like.config.json';

const STRICT: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

export interface ProjectConfig {
  /** The entry file, resolved against the config file's folder. */
  entry: string;
  transport: TransportConfigDto;
  state?: StateConfigDto;
  stateKey?: string;
  timeoutMs?: number;
  progressSettleMs?: 'auto' | number;
}

export interface ArmatureConfig {
  /** The file it came from; undefined when there is none (built-in defaults only). */
  path?: string;
  defaultProject?: string;
  transport: TransportConfigDto;
  projects: Record<string, ProjectConfig>;
  state?: StateConfigDto;
  stateKey?: string;
  /** The default `@Timeout` of every call, in milliseconds. */
  timeoutMs?: number;
  /** How long a response that follows progress is held back, for clients that would lose it. */
  progressSettleMs?: 'auto' | number;
}

/**
 * The config file to use: `explicit` (the CLI's --config, then ARMATURE_CONFIG) must exist;
 * otherwise the nearest `nest-cli-like.config.json` walking up from `cwd`, or none.
 */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError([`config file ${path} does not exist`]);
    return path;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The last config each file gave, with the text and the environment variables it was read from: one
 * start reads its file up to six times (the CLI's checks, create(), listen()), and validating it is
 * most of what a config costs. Shared, so treated as read-only by every caller.
 */
const lastParsed = new Map<
  string,
  { text: string; variables: Map<string, string | undefined>; config: ArmatureConfig }
>();

/** Reads, interpolates and validates a config file; a missing path gives the empty config. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): ArmatureConfig {
  if (!path) return { transport: {}, projects: {} };
  let text: string;
  let raw: unknown;
  try {
    text = readFileSync(path, 'utf8');
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`cannot read JSON: ${(error as Error).message}`], path);
  }
  const last = lastParsed.get(path);
  if (last && last.text === text && [...last.variables].every(([name, value]) => env[name] === value)) {
    return last.config;
  }
  const variables = new Map<string, string | undefined>();
  const recording = new Proxy(env, {
    get(target, name) {
      const value = Reflect.get(target, name) as string | undefined;
      if (typeof name === 'string') variables.set(name, value);
      return value;
    },
  });
  const config = parseConfig(raw, recording, path);
  lastParsed.set(path, { text, variables, config });
  return config;
}

/** Validates an already parsed config object (interpolating `${ENV}` first). */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, path?: string): ArmatureConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(['the configuration must be a JSON object'], path);
  }
  const problems: string[] = [];
  const plain = interpolate(raw, env, problems) as Record<string, unknown>;
  if (problems.length) throw new ConfigError(problems, path);

  const top = plainToInstance(ArmatureConfigDto, plain);
  problems.push(...describeValidationErrors(validateSync(top, STRICT)));
  const projects: Record<string, ProjectConfig> = {};
  const base = path ? dirname(path) : process.cwd();
  if (top.projects && typeof top.projects === 'object' && !Array.isArray(top.projects)) {
    for (const [name, value] of Object.entries(plain.projects as Record<string, unknown>)) {
      const prefix = `projects.${name}`;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${prefix}: must be an object { entry, transport }`);
        continue;
      }
      const project = plainToInstance(ProjectConfigDto, value);
      const errors = validateSync(project, STRICT);
      problems.push(...describeValidationErrors(errors, prefix));
      if (!errors.length) {
        projects[name] = { entry: resolve(base, project.entry), transport: project.transport ?? {} };
        if (project.state) projects[name].state = project.state;
        if (project.stateKey !== undefined) projects[name].stateKey = project.stateKey;
        if (project.timeoutMs !== undefined) projects[name].timeoutMs = project.timeoutMs;
        if (project.progressSettleMs !== undefined) projects[name].progressSettleMs = project.progressSettleMs;
      }
    }
  }
  if (top.defaultProject !== undefined && typeof top.defaultProject === 'string' && !(top.defaultProject in projects)) {
    if (!problems.some((p) => p.startsWith(`projects.${top.defaultProject}`))) {
      problems.push(`defaultProject: "${top.defaultProject}" is not one of the projects (${knownProjects(projects)})`);
    }
  }
  if (problems.length) throw new ConfigError(problems, path);
  const config: ArmatureConfig = { path, defaultProject: top.defaultProject, transport: top.transport ?? {}, projects };
  if (top.state) config.state = top.state;
  if (top.stateKey !== undefined) config.stateKey = top.stateKey;
  if (top.timeoutMs !== undefined) config.timeoutMs = top.timeoutMs;
  if (top.progressSettleMs !== undefined) config.progressSettleMs = top.progressSettleMs;
  return config;
}

export function knownProjects(projects: Record<string, unknown>): string {
  const names = Object.keys(projects);
  return names.length ? names.join(', ') : 'none is defined';
}
