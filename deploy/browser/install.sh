#!/usr/bin/env bash
# Browser tests need Debian's Chromium (Playwright's own browser download is not used) and
# axe-core from npm at the version pinned in package-lock.json. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing; run 'sudo apt-get install chromium' (root is needed)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing axe-core from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
