#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright-core drives it; Playwright's own
# browser download cannot work on machines that reach only the npm and Debian registries).
# Does nothing when /usr/bin/chromium is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [ -x /usr/bin/chromium ]; then
  step "Chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
[ "$(id -u)" = 0 ] || fail "run as root to apt-get install chromium, or install Debian's chromium package yourself"
step "Installing Debian's chromium"
apt_update_once
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
step "Chromium installed: $(/usr/bin/chromium --version)"
