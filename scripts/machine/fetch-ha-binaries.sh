#!/usr/bin/env bash
# Puts Valkey's and VictoriaMetrics' binaries, at the versions versions.env pins, into
# .tools/ha/root (dpkg -x of Debian TOOLS_SUITE's packages, nothing installed on this machine),
# for the stand-in images of the highly available stack (build-standin-images.sh copies them
# into their build contexts). Idempotent: does nothing when the pinned versions are there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env
ha="$root/.tools/ha"
unpacked="$ha/root"

have() { [ -f "$ha/versions" ] && [ "$(cat "$ha/versions")" = "valkey=$VALKEY_VERSION victoria-metrics=$VICTORIAMETRICS_VERSION" ]; }
if have; then
  step "Valkey $VALKEY_VERSION and VictoriaMetrics $VICTORIAMETRICS_VERSION already in .tools/ha"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root (it adds a pinned Debian $TOOLS_SUITE apt source)"
command -v apt-get >/dev/null || fail "this script needs a Debian-family machine with apt-get"

step "Downloading valkey-tools and victoria-metrics from Debian $TOOLS_SUITE"
add_pinned_suite "$TOOLS_SUITE"
apt_update_once
debs="$ha/debs"
rm -rf "$ha"
mkdir -p "$debs" "$unpacked"
# valkey-server is only a symlink (and a systemd unit); the server is the valkey-tools binary,
# which picks its role from the name it is started under.
(cd "$debs" && apt-get download -qq -t "$TOOLS_SUITE" "valkey-tools=$VALKEY_VERSION*" "victoria-metrics=$VICTORIAMETRICS_VERSION*") \
  || fail "Debian $TOOLS_SUITE no longer has Valkey $VALKEY_VERSION / VictoriaMetrics $VICTORIAMETRICS_VERSION; change them in versions.env (npm run check:config then names every file to follow)"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$unpacked"; done
echo "valkey=$VALKEY_VERSION victoria-metrics=$VICTORIAMETRICS_VERSION" >"$ha/versions"
step "Unpacked into .tools/ha/root: $(cd "$unpacked/usr/bin" && echo valkey-check-rdb valkey-cli victoria-metrics)"
