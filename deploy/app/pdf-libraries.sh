#!/usr/bin/env bash
# Letters are PDFs made by WeasyPrint, which needs Debian's pango (and a font). Installs them
# when missing and run as root (the image, CI, a fresh machine); otherwise says what to run.
# Without them the site still works: the letters page says letters are unavailable. Idempotent.
set -euo pipefail

if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Letters need pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'." >&2
  exit 0
fi
echo "==> Installing Debian's pango for the PDF letters"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
