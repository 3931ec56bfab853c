import { join } from 'node:path';

/** The package's own folder, from src/cli or dist/cli alike (both are two levels down). */
export const PACKAGE_ROOT = join(__dirname, '..', '..');

/** The `armature` command file, for launch commands that must work from any folder. */
export const BIN = join(PACKAGE_ROOT, 'bin', 'armature.js');
