'use strict';
// Where the loader keeps what it compiled: `ARMATURE_CACHE_DIR`, else `node_modules/.cache/armature-mcp`
// of the nearest node_modules above a file (the usual home of tool caches, removed with node_modules),
// else the system temp folder. `ARMATURE_CACHE_DIR=off` keeps nothing.

const { statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, parse } = require('node:path');

const cacheDirs = new Map();

/** The cache folder for `filename`, or undefined when caching is off. */
function cacheDir(filename) {
  const configured = process.env.ARMATURE_CACHE_DIR;
  if (configured === 'off') return undefined;
  if (configured) return configured;
  const start = dirname(filename);
  let dir = cacheDirs.get(start);
  if (dir !== undefined) return dir;
  dir = join(tmpdir(), `armature-mcp-cache-${process.getuid?.() ?? 'user'}`);
  const { root } = parse(start);
  for (let at = start; at !== root; at = dirname(at)) {
    if (parse(at).base === 'node_modules' || !isDirectory(join(at, 'node_modules'))) continue;
    dir = join(at, 'node_modules', '.cache', 'armature-mcp');
    break;
  }
  cacheDirs.set(start, dir);
  return dir;
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

module.exports = { cacheDir };
