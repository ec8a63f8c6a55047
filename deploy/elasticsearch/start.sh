#!/usr/bin/env bash
# Start a local single-node Elasticsearch 8.14.1 for development and tests, built from Maven
# Central only (see README.md), or one node of a local cluster (ES_SEED_HOSTS; see cluster.sh).
# Idempotent: exits 0 at once if it already answers on $ES_PORT. Fails at once, naming the port,
# if the HTTP or transport port is taken.
#
#   ES_PORT            HTTP port on 127.0.0.1 (default 9201)
#   ES_TRANSPORT_PORT  transport port on 127.0.0.1, for node-to-node traffic (default ES_PORT+100)
#   ES_CLUSTER_NAME    cluster name (default network-test)
#   ES_NODE_NAME       node name (default <cluster name>-node)
#   ES_SEED_HOSTS      comma-separated transport addresses of the cluster's nodes (host:port);
#                      empty (the default) means a single-node cluster
#   ES_INITIAL_MASTERS comma-separated node names that bootstrap a new cluster (with ES_SEED_HOSTS)
#   ES_JAVA_OPTS       JVM options of the node (default "-Xms512m -Xmx1g")
#   ES_START_TIMEOUT   seconds to wait for the node (default 180)
#   ES_SERVICE_DIR     config, data and logs (default <repo>/.services/elasticsearch)
#   ES_RUN_USER        user the node runs as when this script runs as root (default elasticsearch,
#                      created if missing: Elasticsearch refuses to run as root)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"

ES_VERSION=8.14.1
ES_PORT="${ES_PORT:-9201}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES_CLUSTER_NAME="${ES_CLUSTER_NAME:-network-test}"
ES_NODE_NAME="${ES_NODE_NAME:-$ES_CLUSTER_NAME-node}"
ES_SEED_HOSTS="${ES_SEED_HOSTS:-}"
ES_INITIAL_MASTERS="${ES_INITIAL_MASTERS:-}"
ES_NODE_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
SERVICE_DIR="${ES_SERVICE_DIR:-$REPO_ROOT/.services/elasticsearch}"

URL="http://127.0.0.1:$ES_PORT"
ES_HOME="$HERE/target/dist/elasticsearch-$ES_VERSION"
PLUGIN_JAR="$ES_HOME/plugins/network-dev-extras/network-dev-extras-$ES_VERSION.jar"
BUILD_STAMP="$HERE/target/.build-stamp"
CONF_DIR="$SERVICE_DIR/config"
DATA_DIR="$SERVICE_DIR/data"
LOG_DIR="$SERVICE_DIR/logs"
TMP_DIR="$SERVICE_DIR/tmp"
PID_FILE="$SERVICE_DIR/elasticsearch.pid"
START_LOG="$LOG_DIR/start.log"
SERVER_LOG="$LOG_DIR/$ES_CLUSTER_NAME.log"

say() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

# True when GET / answers with the header every Elasticsearch response carries.
answers_as_elasticsearch() {
  curl -s -o /dev/null -D - --max-time 3 "$URL/" 2>/dev/null \
    | tr -d '\r' | grep -qi '^x-elastic-product: *Elasticsearch$'
}

health_at_least_yellow() {
  curl -s --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null \
    | grep -Eq '"status":"(green|yellow)"'
}

print_url() {
  echo "ELASTICSEARCH_URL=$URL"
}

# Prints who listens where this node would bind 127.0.0.1:$1 ("java (pid 6069)"); false if nobody.
port_taken_by() {
  local port=$1 line address process
  if command -v ss >/dev/null 2>&1; then
    while read -r line; do
      address="$(awk '{print $4}' <<<"$line")"
      case "$address" in
        "127.0.0.1:$port" | "0.0.0.0:$port" | "*:$port" | "[::]:$port" | "[::ffff:127.0.0.1]:$port") ;;
        *) continue ;;
      esac
      process="another process"
      if [[ "$line" =~ \(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
        process="${BASH_REMATCH[1]} (pid ${BASH_REMATCH[2]})"
      fi
      echo "$process"
      return 0
    done < <(ss -Hltnp "sport = :$port" 2>/dev/null)
    return 1
  fi
  # Without ss: something accepts connections there.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "another process"
    return 0
  fi
  return 1
}

# The first port from $1 upwards that nobody listens on, for the error message.
free_port_from() {
  local port=$1
  while port_taken_by "$port" >/dev/null && [ "$port" -lt 65535 ]; do port=$((port + 1)); done
  echo "$port"
}

# Fails at once when the HTTP or transport port is taken: otherwise the node boots for half a
# minute and dies with a BindTransportException.
check_ports_free() {
  local who
  [ "$ES_PORT" != "$ES_TRANSPORT_PORT" ] || die "ES_PORT and ES_TRANSPORT_PORT are both $ES_PORT; they must differ"
  if who="$(port_taken_by "$ES_PORT")"; then
    die "HTTP port $ES_PORT on 127.0.0.1 is taken by $who; choose another with ES_PORT (for example ES_PORT=$(free_port_from $((ES_PORT + 1)))), or stop what uses it"
  fi
  if who="$(port_taken_by "$ES_TRANSPORT_PORT")"; then
    die "transport port $ES_TRANSPORT_PORT on 127.0.0.1 (ES_TRANSPORT_PORT, default ES_PORT+100) is taken by $who; choose another with ES_TRANSPORT_PORT (for example ES_TRANSPORT_PORT=$(free_port_from $((ES_TRANSPORT_PORT + 1)))), or stop what uses it"
  fi
}

command -v curl >/dev/null 2>&1 || die "curl is needed"

if answers_as_elasticsearch; then
  say "Elasticsearch is already running at $URL"
  print_url
  exit 0
fi
if curl -s -o /dev/null --max-time 3 "$URL/" 2>/dev/null; then
  die "something that is not Elasticsearch answers on $URL; choose another ES_PORT"
fi

# ---------------------------------------------------------------- Java and the build

command -v java >/dev/null 2>&1 || die "java (17 or newer) is needed: apt-get install openjdk-17-jre-headless"
if [ -z "${ES_JAVA_HOME:-}" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    ES_JAVA_HOME="$JAVA_HOME"
  else
    ES_JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
fi
java_major="$("$ES_JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = //p')"
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Elasticsearch $ES_VERSION needs Java 17 or newer ($ES_JAVA_HOME has ${java_major:-unknown})"

needs_build=false
if [ ! -x "$ES_HOME/bin/elasticsearch" ] || [ ! -f "$PLUGIN_JAR" ] || [ ! -f "$BUILD_STAMP" ]; then
  needs_build=true
elif [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$BUILD_STAMP" -print -quit)" ]; then
  needs_build=true
fi
if [ "$needs_build" = true ]; then
  command -v mvn >/dev/null 2>&1 || die "Maven is needed for the first start: apt-get install maven"
  say "Building Elasticsearch $ES_VERSION from Maven Central (deploy/elasticsearch/pom.xml)"
  m2_zip="${HOME}/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  # With everything already in ~/.m2, build offline; otherwise (first run) download, showing progress.
  if ! { [ -f "$m2_zip" ] && mvn -B -q -o -Dstyle.color=never -f "$HERE/pom.xml" package; }; then
    mvn -B -Dstyle.color=never -f "$HERE/pom.xml" package
  fi
  touch "$BUILD_STAMP"
fi

# ---------------------------------------------------------------- who runs it

RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  ES_RUN_USER="${ES_RUN_USER:-elasticsearch}"
  if ! id "$ES_RUN_USER" >/dev/null 2>&1; then
    say "Creating system user '$ES_RUN_USER' (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_RUN_USER"
  fi
  RUN_AS=(runuser -u "$ES_RUN_USER" --)
  if ! "${RUN_AS[@]}" test -r "$ES_HOME/lib/elasticsearch-$ES_VERSION.jar"; then
    # The checkout is not readable by that user (for example under /root): run a copy of the
    # built distribution, and keep the node's files, in a place it can read.
    fallback="${ES_FALLBACK_DIR:-/var/lib/network-elasticsearch}"
    say "$ES_RUN_USER cannot read this checkout; running a copy from $fallback"
    mkdir -p "$fallback"
    if [ ! -f "$fallback/dist/.build-stamp" ] || [ "$BUILD_STAMP" -nt "$fallback/dist/.build-stamp" ]; then
      rm -rf "$fallback/dist"
      cp -a "$HERE/target/dist" "$fallback/dist"
      cp "$BUILD_STAMP" "$fallback/dist/.build-stamp"
    fi
    chmod -R a+rX "$fallback/dist"
    ES_HOME="$fallback/dist/elasticsearch-$ES_VERSION"
    if [ -z "${ES_SERVICE_DIR:-}" ]; then
      SERVICE_DIR="$fallback/service"
      CONF_DIR="$SERVICE_DIR/config"; DATA_DIR="$SERVICE_DIR/data"; LOG_DIR="$SERVICE_DIR/logs"
      TMP_DIR="$SERVICE_DIR/tmp"; PID_FILE="$SERVICE_DIR/elasticsearch.pid"
      START_LOG="$LOG_DIR/start.log"; SERVER_LOG="$LOG_DIR/$ES_CLUSTER_NAME.log"
    fi
    "${RUN_AS[@]}" test -r "$ES_HOME/lib/elasticsearch-$ES_VERSION.jar" \
      || die "user '$ES_RUN_USER' cannot read $ES_HOME either; set ES_RUN_USER or ES_FALLBACK_DIR"
  fi
fi

# ---------------------------------------------------------------- one start at a time

# Elasticsearch writes its pid file only late in its start-up, so concurrent runs of this script
# are serialised with a lock; the one that waited then finds the node up.
mkdir -p "$SERVICE_DIR"
exec 9>"$SERVICE_DIR/.start.lock"
if ! flock -w "$ES_START_TIMEOUT" 9; then
  die "another start.sh holds $SERVICE_DIR/.start.lock for more than ${ES_START_TIMEOUT}s"
fi
if answers_as_elasticsearch; then
  say "Elasticsearch is already running at $URL"
  print_url
  exit 0
fi

# ---------------------------------------------------------------- a node already starting?

if [ -f "$PID_FILE" ]; then
  old_pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null \
      && grep -q 'org.elasticsearch' "/proc/$old_pid/cmdline" 2>/dev/null; then
    old_port="$(sed -n 's/^http\.port: *//p' "$CONF_DIR/elasticsearch.yml" 2>/dev/null || true)"
    if [ -n "$old_port" ] && [ "$old_port" != "$ES_PORT" ]; then
      die "the node of $SERVICE_DIR (pid $old_pid) runs on port $old_port, not $ES_PORT; stop it first (stop.sh) or set ES_SERVICE_DIR"
    fi
    say "An Elasticsearch node (pid $old_pid) is already starting; waiting for it"
  else
    rm -f "$PID_FILE"
    old_pid=""
  fi
else
  old_pid=""
fi

# ---------------------------------------------------------------- configuration and launch

yaml_list() {
  local item out="" IFS=,
  for item in $1; do out="$out${out:+, }\"$item\""; done
  echo "[$out]"
}

discovery_settings() {
  if [ -z "$ES_SEED_HOSTS" ]; then
    echo "discovery.type: single-node"
    return
  fi
  echo "discovery.seed_hosts: $(yaml_list "$ES_SEED_HOSTS")"
  if [ -n "$ES_INITIAL_MASTERS" ]; then
    echo "cluster.initial_master_nodes: $(yaml_list "$ES_INITIAL_MASTERS")"
  fi
}

launcher_pid=""
started_here=false
start_log_lines=0
server_log_lines=0
if [ -z "$old_pid" ]; then
  check_ports_free
  # Test data only: indices written by an older build may use types this build no longer has
  # (the node then refuses to boot), so a new build starts from empty data.
  if [ -d "$DATA_DIR" ] && { [ ! -f "$DATA_DIR/.built" ] || [ "$BUILD_STAMP" -nt "$DATA_DIR/.built" ]; }; then
    if [ -n "$(ls -A "$DATA_DIR" 2>/dev/null | grep -v '^.built$')" ]; then
      say "This node was rebuilt: clearing its test data in $DATA_DIR"
    fi
    rm -rf "$DATA_DIR"
  fi
  mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOG_DIR" "$TMP_DIR"
  touch -r "$BUILD_STAMP" "$DATA_DIR/.built"
  cp "$ES_HOME/config/log4j2.properties" "$CONF_DIR/log4j2.properties"
  cat >"$CONF_DIR/elasticsearch.yml" <<EOF
# Written by deploy/elasticsearch/start.sh on every start; edit that script instead.
cluster.name: "$ES_CLUSTER_NAME"
node.name: "$ES_NODE_NAME"
path.data: "$DATA_DIR"
path.logs: "$LOG_DIR"
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
$(discovery_settings)
# Plain http, no authentication.
xpack.security.enabled: false
# A fullish disk must not turn indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
# Tests may delete indices by wildcard.
action.destructive_requires_name: false
# No machine learning (its module is not in this distribution anyway). The GeoIP downloader's
# module is absent too, and ingest.geoip.downloader.enabled must NOT be set: unknown settings are fatal.
xpack.ml.enabled: false
EOF
  cat >"$CONF_DIR/jvm.options" <<EOF
# Written by deploy/elasticsearch/start.sh; the heap comes from ES_JAVA_OPTS (default -Xms512m -Xmx1g).
-XX:+UseG1GC
-Djava.io.tmpdir=\${ES_TMPDIR}
20-:--add-modules=jdk.incubator.vector
-XX:+ExitOnOutOfMemoryError
-XX:ErrorFile=$LOG_DIR/hs_err_pid%p.log
-Xlog:gc*,gc+age=trace,safepoint:file=$LOG_DIR/gc.log:utctime,level,pid,tags:filecount=2,filesize=16m
EOF
  if [ "${#RUN_AS[@]}" -gt 0 ]; then
    chown -R "$ES_RUN_USER:" "$SERVICE_DIR"
  fi

  say "Starting Elasticsearch $ES_VERSION on $URL, transport port $ES_TRANSPORT_PORT (cluster '$ES_CLUSTER_NAME', node '$ES_NODE_NAME', log $START_LOG)"
  echo "---- $(date -u '+%Y-%m-%dT%H:%M:%SZ') start.sh: starting on port $ES_PORT" >>"$START_LOG"
  start_log_lines="$(wc -l <"$START_LOG")"
  server_log_lines="$( [ -f "$SERVER_LOG" ] && wc -l <"$SERVER_LOG" || echo 0)"
  started_here=true
  (
    cd "$SERVICE_DIR"
    exec 9>&- # the node must not hold the start lock
    # -d: the launcher returns once the node is up; the node writes its pid to $PID_FILE.
    exec nohup "${RUN_AS[@]}" env -u JAVA_HOME \
      ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$CONF_DIR" ES_TMPDIR="$TMP_DIR" ES_JAVA_OPTS="$ES_NODE_OPTS" \
      "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" </dev/null >>"$START_LOG" 2>&1
  ) &
  launcher_pid=$!
fi

# ---------------------------------------------------------------- wait until it answers

# This run's lines of a log (it may hold earlier runs too).
this_run() {
  tail -n +"$(($2 + 1))" "$1" 2>/dev/null || true
}

fail() {
  echo "ERROR: Elasticsearch did not come up on $URL: $*" >&2
  # The reason first (for example "BindTransportException: Failed to bind to 127.0.0.1:9301"),
  # then the context.
  reason="$( { this_run "$START_LOG" "$start_log_lines"; this_run "$SERVER_LOG" "$server_log_lines"; } \
    | grep -E '\]\[(ERROR|FATAL) *\]|^Caused by:|^ERROR:|Exception:|^Error occurred|heap size' | cut -c1-300 | awk '!seen[$0]++' | head -n 8)"
  if [ -n "$reason" ]; then
    echo "---- reason" >&2
    echo "$reason" >&2
  fi
  echo "---- last lines of $START_LOG" >&2
  this_run "$START_LOG" "$start_log_lines" | tail -n 15 >&2
  server_tail="$(this_run "$SERVER_LOG" "$server_log_lines" | tail -n 15)"
  if [ -n "$server_tail" ]; then
    echo "---- last lines of $SERVER_LOG" >&2
    echo "$server_tail" >&2
  fi
  exit 1
}

# Ours and not up in time: do not leave a half-started node behind.
stop_our_node() {
  if [ "$started_here" = true ]; then
    node_pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null || true
    [ -n "$launcher_pid" ] && kill "$launcher_pid" 2>/dev/null || true
  fi
}

# A single node waits for cluster health yellow; a cluster node only for its own answer, since
# health needs a master, elected once enough of the other nodes are up (cluster.sh waits for that).
node_ready() {
  answers_as_elasticsearch || return 1
  [ -n "$ES_SEED_HOSTS" ] || health_at_least_yellow
}

start_time=$SECONDS
last_note=$SECONDS
node_pid=""
while true; do
  if node_ready; then
    break
  fi
  elapsed=$((SECONDS - start_time))
  if [ "$elapsed" -ge "$ES_START_TIMEOUT" ]; then
    stop_our_node
    fail "no answer with cluster health yellow or green within ${ES_START_TIMEOUT}s (ES_START_TIMEOUT)"
  fi
  if [ -n "$launcher_pid" ] && ! kill -0 "$launcher_pid" 2>/dev/null; then
    # The launcher has returned: fine if the node runs, fatal otherwise.
    launcher_status=0
    wait "$launcher_pid" || launcher_status=$?
    launcher_pid=""
    node_pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [ "$launcher_status" -ne 0 ] || [ -z "$node_pid" ] || ! kill -0 "$node_pid" 2>/dev/null; then
      fail "the node exited during start-up (launcher exit status $launcher_status)"
    fi
  fi
  if [ -z "$node_pid" ] && [ -n "$old_pid" ]; then
    node_pid="$old_pid"
  fi
  if [ -n "$node_pid" ] && ! kill -0 "$node_pid" 2>/dev/null; then
    fail "the node (pid $node_pid) exited during start-up"
  fi
  if [ $((SECONDS - last_note)) -ge 15 ]; then
    say "still waiting for Elasticsearch (${elapsed}s)"
    last_note=$SECONDS
  fi
  sleep 1
done

say "Elasticsearch $ES_VERSION is up at $URL after $((SECONDS - start_time))s (pid $(cat "$PID_FILE" 2>/dev/null || echo '?'))"
print_url
