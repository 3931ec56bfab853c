import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root';

interface OwnPackage {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
}

/** What a new project needs to type-check (Armature itself runs the TypeScript, through swc). */
const DEV_TOOLS = ['typescript', '@types/node'];

function ownPackage(): OwnPackage {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as OwnPackage;
}

/** An exact version as a caret range; ranges stay as they are. */
function caret(version: string): string {
  return /^\d/.test(version) ? `^${version}` : version;
}

/**
 * The new project's package.json: Armature and its required peers as dependencies, at the versions
 * this Armature was built and tested with, and scripts for a person (`npm start` over HTTP) and for
 * a client (`npm run start:stdio`, the command an MCP client launches).
 */
export function packageJsonFor(name: string): Record<string, unknown> {
  const own = ownPackage();
  const dependencies: Record<string, string> = { [own.name]: `^${own.version}` };
  for (const [peer, range] of Object.entries(own.peerDependencies)) {
    if (!own.peerDependenciesMeta?.[peer]?.optional) dependencies[peer] = range;
  }
  const devDependencies: Record<string, string> = {};
  for (const tool of DEV_TOOLS) {
    const version = own.devDependencies[tool] ?? own.peerDependencies[tool];
    if (version) devDependencies[tool] = caret(version);
  }
  return {
    name,
    version: '0.1.0',
    private: true,
    description: `${name}: an MCP server built with Armature`,
    scripts: {
      start: 'armature start --transport streamable-http',
      'start:stdio': 'armature start --transport stdio',
      inspect: 'armature inspect',
      typecheck: 'tsc',
      test: 'tsc && node -r armature-mcp/register --test test/*.test.ts',
    },
    dependencies: sorted(dependencies),
    devDependencies: sorted(devDependencies),
    // @swc/core (Armature's TypeScript compiler) has an install script that only checks its native
    // binary, which npm installs anyway.
    allowScripts: { '@swc/core': false },
  };
}

/** nest-cli-like.config.json: one project, stdio by default (what an MCP client launching it expects). */
export function configFor(name: string): Record<string, unknown> {
  return {
    $schema: './node_modules/armature-mcp/schema/armature-config.schema.json',
    defaultProject: name,
    transport: { type: 'stdio', host: '127.0.0.1', port: 3000 },
    projects: { [name]: { entry: 'src/main.ts' } },
  };
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
