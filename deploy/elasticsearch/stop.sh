#!/usr/bin/env bash
# Stop the Elasticsearch node started by start.sh (found by its pid file). Idempotent.
#   ES_SERVICE_DIR    as for start.sh (default <repo>/.services/elasticsearch)
#   ES_STOP_TIMEOUT   seconds to wait for a clean shutdown before SIGKILL (default 60)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
SERVICE_DIR="${ES_SERVICE_DIR:-$REPO_ROOT/.services/elasticsearch}"
PID_FILE="$SERVICE_DIR/elasticsearch.pid"
# start.sh runs a copy from here when the node's user cannot read the checkout.
if [ -z "${ES_SERVICE_DIR:-}" ] && [ ! -f "$PID_FILE" ]; then
  fallback_pid="${ES_FALLBACK_DIR:-/var/lib/network-elasticsearch}/service/elasticsearch.pid"
  [ -f "$fallback_pid" ] && PID_FILE="$fallback_pid"
fi
ES_STOP_TIMEOUT="${ES_STOP_TIMEOUT:-60}"

if [ ! -f "$PID_FILE" ]; then
  echo "==> Elasticsearch is not running (no $PID_FILE)"
  exit 0
fi

pid="$(cat "$PID_FILE" 2>/dev/null || true)"
# Only a live Elasticsearch process: never a pid that was reused by something else.
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || ! grep -q 'org.elasticsearch' "/proc/$pid/cmdline" 2>/dev/null; then
  echo "==> Elasticsearch is not running (stale pid file removed)"
  rm -f "$PID_FILE"
  exit 0
fi

echo "==> Stopping Elasticsearch (pid $pid)"
kill -TERM "$pid"
for _ in $(seq 1 "$ES_STOP_TIMEOUT"); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "==> Elasticsearch stopped"
    exit 0
  fi
  sleep 1
done

echo "==> Elasticsearch did not stop within ${ES_STOP_TIMEOUT}s; killing it"
kill -KILL "$pid" 2>/dev/null || true
sleep 1
rm -f "$PID_FILE"
echo "==> Elasticsearch stopped"
