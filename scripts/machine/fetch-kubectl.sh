#!/usr/bin/env bash
# Puts kubectl (with its built-in kustomize) into .tools/bin at the version versions.env pins, for
# the config check that renders kubernetes/ with `kubectl kustomize`. No cluster is involved: it
# runs offline. From Debian's TOOLS_SUITE (sid), whose build runs on bookworm as it is (libc >= 2.34).
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env
tools="$root/.tools"
bin="$tools/bin"

if [ -x "$bin/kubectl" ] && "$bin/kubectl" version --client 2>/dev/null | grep -q "Client Version: v$KUBECTL_VERSION\$"; then
  step "kubectl $KUBECTL_VERSION already in .tools/bin"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root (it adds a pinned Debian $TOOLS_SUITE apt source), or put kubectl $KUBECTL_VERSION in .tools/bin yourself"
command -v apt-get >/dev/null || fail "this script needs a Debian-family machine with apt-get"

# Debian's kubernetes-client is an empty package depending on kubectl, which holds the binary.
step "Downloading kubectl $KUBECTL_VERSION from Debian $TOOLS_SUITE"
add_pinned_suite "$TOOLS_SUITE"
apt_update_once
debs="$tools/kubectl-debs"
rm -rf "$debs" "$tools/kubectl-root"
mkdir -p "$debs" "$tools/kubectl-root" "$bin"
(cd "$debs" && apt-get download -qq -t "$TOOLS_SUITE" "kubectl=$KUBECTL_VERSION*") \
  || fail "Debian $TOOLS_SUITE no longer has kubectl $KUBECTL_VERSION; change KUBECTL_VERSION in versions.env"
dpkg -x "$debs"/kubectl_*.deb "$tools/kubectl-root"
rm -rf "$debs"
ln -sf ../kubectl-root/usr/bin/kubectl "$bin/kubectl"
printf '  %-13s %s\n' kubectl "$("$bin/kubectl" version --client 2>&1 | tr '\n' ' ')"
