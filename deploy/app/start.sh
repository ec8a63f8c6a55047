#!/usr/bin/env bash
# How the container starts (the Dockerfile's entrypoint; tests/deploy runs the same steps).
#   start.sh web      migrate, make the cache table, create missing site sections, serve with gunicorn
#   start.sh worker   run the task worker (index changes, emails, alerts)
#   start.sh health   exit 0 when this machine's site answers /readyz (the container healthcheck)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-network.settings.production}"
PYTHON="${PYTHON:-python}"

case "${1:-web}" in
  web)
    "$PYTHON" manage.py migrate --no-input -v 1
    "$PYTHON" manage.py createcachetable
    "$PYTHON" manage.py setup_site
    exec "$PYTHON" -m gunicorn network.wsgi:application --config deploy/app/gunicorn.conf.py
    ;;
  worker)
    exec "$PYTHON" manage.py db_worker
    ;;
  health)
    exec "$PYTHON" deploy/app/healthcheck.py
    ;;
  *)
    echo "usage: $0 web|worker|health" >&2
    exit 2
    ;;
esac
