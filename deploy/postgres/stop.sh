#!/usr/bin/env bash
# Stop the PostgreSQL cluster that start.sh uses. Idempotent.
set -euo pipefail
for version in $(pg_lsclusters -h 2>/dev/null | awk '$2 == "main" && $4 == "online" {print $1}'); do
  echo "==> Stopping PostgreSQL $version"
  pg_ctlcluster "$version" main stop
done
echo "==> PostgreSQL is stopped"
