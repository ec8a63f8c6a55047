#!/usr/bin/env bash
# Image build step (the Dockerfile runs it; tests/deploy runs it too): static files collected with
# the production storage, so a missing file fails the build here and not on the first request.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-network.settings.production}"
# Settings need some secret to load; the real one comes at run time and this one is thrown away.
SECRET_KEY="${BUILD_SECRET_KEY:-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
  SITE_URL="${SITE_URL:-https://build.invalid}" \
  python manage.py collectstatic --no-input -v 0
echo "==> Static files collected in ${STATIC_ROOT:-.staticfiles}"
