import { relative, sep } from 'node:path';
import { watch } from 'chokidar';

/** Folders that never hold the project's own sources. */
const IGNORED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'coverage']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json)$/;

/**
 * Calls `onChange` with the changed file once a burst of changes under `root` has settled (an
 * editor's save or a `git checkout` writes several files; one restart serves them all).
 */
export function watchSources(
  root: string,
  onChange: (file: string) => void,
  settleMs = 100,
): { ready: Promise<void>; close: () => Promise<void> } {
  const ignored = (path: string) => {
    const parts = relative(root, path).split(sep);
    return parts.some((part) => IGNORED_FOLDERS.has(part) || (part.startsWith('.') && part.length > 1));
  };
  const watcher = watch(root, { ignored, ignoreInitial: true });
  let timer: NodeJS.Timeout | undefined;
  const changed = (file: string) => {
    if (!SOURCE.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), settleMs);
  };
  watcher.on('add', changed).on('change', changed).on('unlink', changed);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
