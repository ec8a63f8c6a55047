#!/usr/bin/env bash
# A local Elasticsearch cluster of several nodes on 127.0.0.1, for failure drills: each node is
# started by start.sh with its own ports and service directory. Production runs the official
# image instead (docker-compose.cluster.yml).
#
#   bash deploy/elasticsearch/cluster.sh start    # prints ELASTICSEARCH_URL=http://...,http://...
#   bash deploy/elasticsearch/cluster.sh status   # one line per node: name, URL, pid, alive
#   bash deploy/elasticsearch/cluster.sh kill 2   # SIGKILL node 2, as a crash would
#   bash deploy/elasticsearch/cluster.sh stop
#
#   ES_HTTP_PORTS       comma-separated HTTP ports, one per node (default 9211,9212,9213)
#   ES_TRANSPORT_PORTS  comma-separated transport ports, as many (default 9311,9312,9313)
#   ES_CLUSTER_NAME     cluster name (default network-cluster); nodes are <name>-1, <name>-2, ...
#   ES_CLUSTER_DIR      holds node-1/, node-2/, ... (default <repo>/.services/elasticsearch-cluster)
#   ES_JAVA_OPTS        JVM options of each node (default "-Xms256m -Xmx512m")
#   ES_START_TIMEOUT    seconds to wait for each node, then for the cluster (default 180)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"

IFS=, read -r -a HTTP_PORTS <<<"${ES_HTTP_PORTS:-9211,9212,9213}"
IFS=, read -r -a TRANSPORT_PORTS <<<"${ES_TRANSPORT_PORTS:-9311,9312,9313}"
CLUSTER_NAME="${ES_CLUSTER_NAME:-network-cluster}"
CLUSTER_DIR="${ES_CLUSTER_DIR:-$REPO_ROOT/.services/elasticsearch-cluster}"
JAVA_OPTS="${ES_JAVA_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${ES_START_TIMEOUT:-180}"
COUNT="${#HTTP_PORTS[@]}"

say() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

[ "$COUNT" -eq "${#TRANSPORT_PORTS[@]}" ] \
  || die "ES_HTTP_PORTS has $COUNT ports but ES_TRANSPORT_PORTS has ${#TRANSPORT_PORTS[@]}"

node_name() { echo "$CLUSTER_NAME-$1"; }
node_dir() { echo "$CLUSTER_DIR/node-$1"; }
node_url() { echo "http://127.0.0.1:${HTTP_PORTS[$(($1 - 1))]}"; }
node_pid() { cat "$(node_dir "$1")/elasticsearch.pid" 2>/dev/null || true; }

node_alive() {
  local pid
  pid="$(node_pid "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'org.elasticsearch' "/proc/$pid/cmdline" 2>/dev/null
}

joined() {
  local IFS=,
  echo "$*"
}

all_urls() {
  local i urls=()
  for i in $(seq 1 "$COUNT"); do urls+=("$(node_url "$i")"); done
  joined "${urls[@]}"
}

start_node() {
  local i=$1 seeds=() names=() j
  for j in $(seq 1 "$COUNT"); do
    seeds+=("127.0.0.1:${TRANSPORT_PORTS[$((j - 1))]}")
    names+=("$(node_name "$j")")
  done
  ES_PORT="${HTTP_PORTS[$((i - 1))]}" ES_TRANSPORT_PORT="${TRANSPORT_PORTS[$((i - 1))]}" \
    ES_CLUSTER_NAME="$CLUSTER_NAME" ES_NODE_NAME="$(node_name "$i")" \
    ES_SEED_HOSTS="$(joined "${seeds[@]}")" ES_INITIAL_MASTERS="$(joined "${names[@]}")" \
    ES_SERVICE_DIR="$(node_dir "$i")" ES_JAVA_OPTS="$JAVA_OPTS" ES_START_TIMEOUT="$START_TIMEOUT" \
    bash "$HERE/start.sh"
}

stop_node() {
  ES_SERVICE_DIR="$(node_dir "$1")" ES_STOP_TIMEOUT="${ES_STOP_TIMEOUT:-30}" bash "$HERE/stop.sh" \
    | sed -u "s/^/[$(node_name "$1")] /"
}

# The cluster's health from any node that answers.
health() {
  local i answer
  for i in $(seq 1 "$COUNT"); do
    if answer="$(curl -s --max-time "$(($2 + 5))" \
        "$(node_url "$i")/_cluster/health?$1&timeout=${2}s" 2>/dev/null)" \
        && [[ "$answer" == *'"status"'* ]]; then
      echo "$answer"
      return 0
    fi
  done
  return 1
}

start() {
  local i pids=() started=() failed=0 begin=$SECONDS answer
  # The cluster directory and its parents must be readable by the node's user (see start.sh).
  mkdir -p "$CLUSTER_DIR"
  chmod a+rx "$CLUSTER_DIR"
  say "Starting $COUNT nodes of cluster '$CLUSTER_NAME' in $CLUSTER_DIR"
  # All at once: a node waits for the others to elect a master, so one at a time would be slower.
  for i in $(seq 1 "$COUNT"); do
    node_alive "$i" || started+=("$i")
    (
      set -o pipefail
      start_node "$i" 2>&1 | sed -u "s/^/[$(node_name "$i")] /"
    ) &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed=1
  done
  if [ "$failed" -ne 0 ]; then
    for i in "${started[@]}"; do stop_node "$i" >/dev/null || true; done
    die "a node did not start (see above); the nodes this run started are stopped again"
  fi
  local remaining=$((START_TIMEOUT - (SECONDS - begin)))
  [ "$remaining" -ge 10 ] || remaining=10
  if ! answer="$(health "wait_for_nodes=$COUNT&wait_for_status=yellow" "$remaining")" \
      || [[ "$answer" == *'"timed_out":true'* ]]; then
    for i in "${started[@]}"; do stop_node "$i" >/dev/null || true; done
    die "the cluster did not form with $COUNT nodes within ${remaining}s: ${answer:-no answer}"
  fi
  say "Cluster '$CLUSTER_NAME' has $COUNT nodes after $((SECONDS - begin))s: $(sed -E 's/.*"status":"([a-z]+)".*/\1/' <<<"$answer")"
  echo "ELASTICSEARCH_URL=$(all_urls)"
}

stop() {
  local i pids=()
  for i in $(seq 1 "$COUNT"); do
    stop_node "$i" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
}

status() {
  local i
  for i in $(seq 1 "$COUNT"); do
    if node_alive "$i"; then
      echo "$(node_name "$i") $(node_url "$i") transport ${TRANSPORT_PORTS[$((i - 1))]} pid $(node_pid "$i") running"
    else
      echo "$(node_name "$i") $(node_url "$i") transport ${TRANSPORT_PORTS[$((i - 1))]} stopped"
    fi
  done
  health "" 2 || echo "no node answers"
  echo
}

kill_node() {
  local i=${1:-}
  [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$COUNT" ] || die "kill needs a node number from 1 to $COUNT"
  node_alive "$i" || die "$(node_name "$i") is not running"
  say "Killing $(node_name "$i") (pid $(node_pid "$i")) with SIGKILL"
  kill -KILL "$(node_pid "$i")"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill) kill_node "${2:-}" ;;
  *) die "usage: cluster.sh start|stop|status|kill N" ;;
esac
