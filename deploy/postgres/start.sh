#!/usr/bin/env bash
# Start PostgreSQL for the test suite: install Debian's package if missing, create and start a
# cluster if none runs, and create the `network` role (with CREATEDB, since pytest-django creates
# its own test database) and database. Idempotent.
#
#   PGPORT        port of a new cluster (default 5432); an existing cluster keeps its own port
#   PG_FAST_TEST  1 (default) turns off fsync and friends: this is a throwaway test cluster
set -euo pipefail

PGPORT="${PGPORT:-5432}"
PG_FAST_TEST="${PG_FAST_TEST:-1}"
ROLE=network
PASSWORD=network
DATABASE=network

say() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

server_binary() { ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(server_binary)" ]; then
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed; run 'sudo apt-get install postgresql'"
  say "Installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version="$(basename "$(dirname "$(dirname "$(server_binary)")")")"
command -v pg_ctlcluster >/dev/null 2>&1 || die "pg_ctlcluster is missing (package postgresql-common)"

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  say "Creating PostgreSQL $version cluster 'main' on port $PGPORT"
  pg_createcluster "$version" main --port "$PGPORT" >/dev/null
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
status="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}')"

if [ "$PG_FAST_TEST" = "1" ]; then
  conf="/etc/postgresql/$version/main/conf.d/network-test.conf"
  if [ ! -f "$conf" ]; then
    say "Tuning the cluster for tests (fsync off: data here is throwaway)"
    mkdir -p "$(dirname "$conf")"
    printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >"$conf"
    [ "$status" = "online" ] && pg_ctlcluster "$version" main restart
  fi
fi

if [ "$status" != "online" ]; then
  say "Starting PostgreSQL $version on port $port"
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || die "PostgreSQL did not accept connections on port $port within 30s"

as_postgres() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  say "Creating role $ROLE"
  as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  say "Creating database $DATABASE"
  as_postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DATABASE" -qtAc "SELECT 1" >/dev/null \
  || die "cannot sign in as $ROLE over TCP on 127.0.0.1:$port (check pg_hba.conf)"
say "PostgreSQL $version is ready on 127.0.0.1:$port"
echo "DATABASE_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$port/$DATABASE"
