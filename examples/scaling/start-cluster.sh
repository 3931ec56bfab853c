#!/usr/bin/env bash
# Several Armature instances acting as one server: INSTANCES copies of a project of
# nest-cli-like.config.json, their state on one Redis, behind nginx in plain round-robin (no
# affinity) on 127.0.0.1:PORT. Prints "ready: <url>" once nginx answers; Ctrl-C stops everything.
#
# Usage: examples/scaling/start-cluster.sh [project]          (default: conformance)
# env:   INSTANCES (3), PORT (8080), TRANSPORT (streamable-http | sse),
#        ARMATURE_REDIS_URL (redis://127.0.0.1:6379), ARMATURE_REDIS_PREFIX (armature:),
#        ARMATURE_STATE_KEY (generated for this run when unset; every instance must share it),
#        NGINX (the nginx binary), RUN_DIR (where the config, pid file and logs go; a temp folder)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROJECT="${1:-conformance}"
INSTANCES="${INSTANCES:-3}"
PORT="${PORT:-8080}"
TRANSPORT="${TRANSPORT:-streamable-http}"
export ARMATURE_REDIS_URL="${ARMATURE_REDIS_URL:-redis://127.0.0.1:6379}"
PIDS=()

log() { printf '[scaling] %s\n' "$*" >&2; }
die() { printf '[scaling] FAIL: %s\n' "$*" >&2; exit 1; }

cleanup() {
  # nginx first (it was started last), then the instances; each by its PID.
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[[ -x "$NGINX" ]] || die "nginx not found: apt-get install -y nginx (Debian, Ubuntu), apk add nginx, brew install nginx; or set NGINX"
if [[ -z "${ARMATURE_STATE_KEY:-}" ]]; then
  ARMATURE_STATE_KEY="$(node -p "require('crypto').randomBytes(32).toString('base64url')")"
  export ARMATURE_STATE_KEY
  log "generated ARMATURE_STATE_KEY for this run (set your own to keep multi round-trip state valid across restarts)"
fi
RUN_DIR="${RUN_DIR:-$(mktemp -d -t armature-scaling-XXXXXX)}"
mkdir -p "$RUN_DIR"
chmod 755 "$RUN_DIR" # nginx started by root runs its worker as an unprivileged user

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Resolves once $1 answers 200, trying every 0.2 s for at most 30 s, failing early if pid $2 died.
wait_ready() {
  local url="$1" pid="$2" _
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 1
    if node -e "
      require('http').get('$url', { timeout: 1000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1))
        .on('error', () => process.exit(1)).on('timeout', () => process.exit(1));
    " 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

upstreams=()
for i in $(seq 1 "$INSTANCES"); do
  port="$(free_port)"
  (cd "$ROOT" && exec node bin/armature.js start "$PROJECT" --transport "$TRANSPORT" --host 127.0.0.1 --port "$port") \
    >"$RUN_DIR/instance-$i.log" 2>&1 &
  PIDS+=($!)
  upstreams+=("127.0.0.1:$port")
done
for i in "${!upstreams[@]}"; do
  wait_ready "http://${upstreams[$i]}/readyz" "${PIDS[$i]}" ||
    { tail -n 20 "$RUN_DIR/instance-$((i + 1)).log" >&2; die "instance $((i + 1)) is not ready (log: $RUN_DIR/instance-$((i + 1)).log)"; }
  log "instance $((i + 1)) ready on ${upstreams[$i]} (pid ${PIDS[$i]})"
done

# The nginx.conf beside this script, filled in: the same file the e2e tests run.
UPSTREAMS="$(printf '    server %s max_fails=1 fail_timeout=10s;\n' "${upstreams[@]}")" \
  LISTEN="127.0.0.1:$PORT" DIR="$RUN_DIR" node -e "
    const fs = require('fs');
    const conf = fs.readFileSync('$ROOT/examples/scaling/nginx.conf', 'utf8')
      .replaceAll('{{UPSTREAMS}}', process.env.UPSTREAMS.trimEnd())
      .replaceAll('{{LISTEN}}', process.env.LISTEN)
      .replaceAll('{{DIR}}', process.env.DIR);
    fs.writeFileSync('$RUN_DIR/nginx.conf', conf);
  "
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e stderr -g 'daemon off;' 2>"$RUN_DIR/nginx.log" &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT/readyz" "$!" ||
  { cat "$RUN_DIR/nginx.log" >&2; die "nginx is not answering on 127.0.0.1:$PORT (log: $RUN_DIR/nginx.log)"; }

path="$([[ "$TRANSPORT" == sse ]] && echo /sse || echo /mcp)"
echo "ready: http://127.0.0.1:$PORT$path ($INSTANCES instances: ${upstreams[*]}; logs: $RUN_DIR)"
# Runs until interrupted, or until one of the processes ends (then everything stops).
wait -n "${PIDS[@]}" || true
die "a process of the cluster exited; see the logs in $RUN_DIR"
