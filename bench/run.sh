#!/usr/bin/env bash
# npm run bench (from the repository root) or bash bench/run.sh.
#   QUICK=1            1 s runs for development (the full run takes ~25 min)
#   ROWS=armature,koa  only some rows;  SKIP=list,sessions,streams,startup,sse,stdio  skip metric groups
#   ARMATURE_FROM=src  load Armature from src/ through its TypeScript loader instead of building dist/
#   bash bench/run.sh profile   CPU profile of Armature's streamable-HTTP row under load
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"

if [ "$(nproc)" -lt 2 ]; then echo "bench: needs 2 cores (server on core 0, load on core 1)" >&2; exit 1; fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
if [ ! -d "$BENCH/node_modules/@modelcontextprotocol/sdk" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund)
fi
if [ ! -d "$ROOT/node_modules/reflect-metadata" ]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi
if [ "${ARMATURE_FROM:-dist}" = dist ]; then
  # Armature runs as users run it: built JavaScript. If the tree does not build (work in progress),
  # fall back to the TypeScript sources through Armature's loader and say so in the table.
  if ! (cd "$ROOT" && npm run build >/tmp/armature-bench-build.log 2>&1); then
    echo "bench: npm run build failed (see /tmp/armature-bench-build.log); loading Armature from src/ via its TypeScript loader" >&2
    export ARMATURE_FROM=src
  fi
fi
if [ "${1:-}" = profile ]; then
  exec taskset -c "${CLIENT_CPU:-1}" node "$BENCH/lib/profile.js"
fi
exec taskset -c "${CLIENT_CPU:-1}" node "$BENCH/driver.js"
