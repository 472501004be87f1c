#!/usr/bin/env bash
# Puts prometheus, promtool, alertmanager and amtool into .tools/bin, at the versions
# versions.env pins (the ones compose.yaml runs), so config checks and rule tests run
# natively, in seconds, with no Docker. They come from Debian's TOOLS_SUITE (sid), whose
# builds run on bookworm as they are (they need only libc >= 2.34).
# Idempotent: does nothing when the pinned versions are already there. kubectl, which the
# Kubernetes check renders kubernetes/ with, comes along (fetch-kubectl.sh, idempotent too).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env
bash "$here/fetch-kubectl.sh"
tools="$root/.tools"
bin="$tools/bin"

# Debian's Alertmanager reads its notification templates from this fixed path and refuses its
# config when one is missing (0.33 needs email.tmpl as well as default.tmpl).
templates=/usr/share/prometheus/alertmanager
have_version() { [ -x "$bin/$1" ] && "$bin/$1" --version 2>&1 | grep -q "version $2"; }
have_templates() { [ -f "$templates/default.tmpl" ] && [ -f "$templates/email.tmpl" ]; }

if have_version prometheus "$PROMETHEUS_VERSION" && have_version promtool "$PROMETHEUS_VERSION" \
  && have_version alertmanager "$ALERTMANAGER_VERSION" && have_version amtool "$ALERTMANAGER_VERSION" \
  && have_templates; then
  step "Prometheus $PROMETHEUS_VERSION and Alertmanager $ALERTMANAGER_VERSION tools already in .tools/bin"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root (it adds a pinned Debian $TOOLS_SUITE apt source), or put the four binaries in .tools/bin yourself"
command -v apt-get >/dev/null || fail "this script needs a Debian-family machine with apt-get"

step "Downloading prometheus, promtool and prometheus-alertmanager from Debian $TOOLS_SUITE"
add_pinned_suite "$TOOLS_SUITE"
apt_update_once
debs="$tools/debs"
rm -rf "$debs" "$tools/root"
mkdir -p "$debs" "$tools/root" "$bin"
(cd "$debs" && apt-get download -qq -t "$TOOLS_SUITE" \
  "prometheus=$PROMETHEUS_VERSION*" "promtool=$PROMETHEUS_VERSION*" "prometheus-alertmanager=$ALERTMANAGER_VERSION*") \
  || fail "Debian $TOOLS_SUITE no longer has Prometheus $PROMETHEUS_VERSION / Alertmanager $ALERTMANAGER_VERSION; change them in versions.env (npm run check:config then names every file to follow)"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$tools/root"; done

ln -sf ../root/usr/bin/prometheus "$bin/prometheus"
ln -sf ../root/usr/bin/promtool "$bin/promtool"
ln -sf ../root/usr/bin/prometheus-alertmanager "$bin/alertmanager"
ln -sf ../root/usr/bin/amtool "$bin/amtool"
mkdir -p "$templates"
cp "$tools/root$templates/"*.tmpl "$templates/"

for t in prometheus promtool alertmanager amtool; do
  printf '  %-13s %s\n' "$t" "$("$bin/$t" --version 2>&1 | head -1)"
done
