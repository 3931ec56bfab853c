import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root';
import { UsageError } from '../usage-error';
import { configFor, packageJsonFor } from './project-files';

export const CONFIG_FILE = 'nest-cli-like.config.json';
const TEMPLATE = join(PACKAGE_ROOT, 'templates', 'new');
/** Files whose text names the project. */
const NAMED_FILES = ['src/greeter.server.ts'];
/** npm drops .gitignore files from packages, so the template keeps it under another name. */
const RENAMED = { gitignore: '.gitignore' } as const;

export interface NewProjectOptions {
  /** The folder to create (relative to `cwd`); its name becomes the package and server name. */
  dir: string;
  cwd?: string;
  /** Run `npm install` in the new folder (default true). */
  install?: boolean;
  /** Where progress goes (the CLI's stderr, so stdout stays for the next commands). */
  log?: (line: string) => void;
}

export interface NewProject {
  root: string;
  name: string;
  installed: boolean;
  /** What to type next, in order. */
  nextCommands: string[];
}

/** `armature new <dir>`: a project that starts, answers a client and passes its own tests. */
export async function newProject(options: NewProjectOptions): Promise<NewProject> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.dir);
  const name = packageNameOf(basename(root));
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new UsageError(`${options.dir} already exists and is not empty: choose a new folder`);
  }
  mkdirSync(root, { recursive: true });
  cpSync(TEMPLATE, root, { recursive: true });
  for (const [from, to] of Object.entries(RENAMED)) renameSync(join(root, from), join(root, to));
  for (const file of NAMED_FILES) {
    const path = join(root, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{name}}', name));
  }
  writeJson(join(root, 'package.json'), packageJsonFor(name));
  writeJson(join(root, CONFIG_FILE), configFor(name));

  const install = options.install ?? true;
  if (install) {
    options.log?.(`Installing dependencies in ${relative(cwd, root) || '.'} (npm install)...`);
    await npmInstall(root);
  }
  const cd = `cd ${quoteIfNeeded(relative(cwd, root) || '.')}`;
  const nextCommands = install ? [cd, 'npm test', 'npm start'] : [cd, 'npm install', 'npm start'];
  return { root, name, installed: install, nextCommands };
}

/**
 * The folder name as an npm package name (lower case, no spaces): it also names the server and
 * the project in the config file. Anything that cannot be made into one is refused.
 */
export function packageNameOf(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  if (!name || name.length > 214) {
    throw new UsageError(`"${folder}" cannot be a package name: use letters, digits, ".", "_" or "-"`);
  }
  return name;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function quoteIfNeeded(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : JSON.stringify(path);
}

function npmInstall(root: string): Promise<void> {
  return new Promise((done, fail) => {
    // npm's own output goes to stderr: stdout is kept for what `armature new` says.
    const child = spawn('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
      shell: process.platform === 'win32',
    });
    child.once('error', (error) => fail(new Error(`npm install could not start: ${error.message}`)));
    child.once('exit', (code) => {
      if (code === 0) done();
      else fail(new Error(`npm install failed (exit code ${code}) in ${root}; fix the cause and run it again there`));
    });
  });
}
