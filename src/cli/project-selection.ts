import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import { type ArmatureConfig, findConfigFile, knownProjects, loadConfig } from '../app/config/load-config';
import { UsageError } from './usage-error';

/** The project a command runs: its config file (if any), its name (if it has one) and its entry. */
export interface ProjectSelection {
  configPath?: string;
  config: ArmatureConfig;
  project?: string;
  entry: string;
}

/**
 * `armature <command> [project]`: the argument is a project name from the config file, or a path —
 * to a project folder, a config file or an entry file. A path is resolved from its own location,
 * never from the working directory's config, so a client may start the command from any folder.
 */
export function selectProject(
  argument: string | undefined,
  explicitConfig: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): ProjectSelection {
  const path = argument !== undefined && looksLikePath(argument, cwd) ? resolve(cwd, argument) : undefined;
  if (path !== undefined && !existsSync(path)) throw new UsageError(`${path} does not exist`);
  const isFolder = path !== undefined && statSync(path).isDirectory();
  const isConfig = path !== undefined && !isFolder && extname(path) === '.json';
  const searchFrom = path === undefined ? cwd : isFolder ? path : dirname(path);
  const configPath = findConfigFile(
    searchFrom,
    isConfig ? path : (explicitConfig ?? (env.ARMATURE_CONFIG || undefined)),
  );
  const config = loadConfig(configPath, env);

  if (path !== undefined && !isFolder && !isConfig) {
    // An entry file: its project if the config names it, else it runs with the top-level settings.
    const project = Object.keys(config.projects).find((name) => config.projects[name].entry === path);
    return { configPath, config, project, entry: path };
  }
  let project: string | undefined;
  if (path === undefined && argument !== undefined) {
    if (!(argument in config.projects)) {
      const where = configPath ?? 'no nest-cli-like.config.json was found';
      throw new UsageError(`Unknown project "${argument}" (${where}); known: ${knownProjects(config.projects)}`);
    }
    project = argument;
  } else if (isFolder) {
    const inside = Object.keys(config.projects).filter((name) => config.projects[name].entry.startsWith(path + sep));
    if (inside.length === 1) project = inside[0];
  }
  project ??= (env.ARMATURE_PROJECT || undefined) ?? config.defaultProject;
  if (!project) {
    throw new UsageError(
      configPath
        ? `no project given and ${configPath} has no "defaultProject"; known: ${knownProjects(config.projects)}`
        : `no project given and no nest-cli-like.config.json found in or above ${searchFrom} (use --config <file>)`,
    );
  }
  if (!(project in config.projects)) {
    throw new UsageError(`Unknown project "${project}" (${configPath}); known: ${knownProjects(config.projects)}`);
  }
  return { configPath, config, project, entry: config.projects[project].entry };
}

/** A path, not a project name: it has a separator or an extension, or names an existing folder. */
function looksLikePath(argument: string, cwd: string): boolean {
  if (argument.includes('/') || argument.includes('\\') || argument === '.' || argument === '..') return true;
  if (/\.(json|[cm]?[jt]s|tsx)$/.test(argument)) return true;
  const candidate = resolve(cwd, argument);
  return existsSync(candidate) && statSync(candidate).isDirectory();
}
