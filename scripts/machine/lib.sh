# Shared helpers for the shell scripts in scripts/machine/. Source it; do not run it.

# The repository's root, and the versions every script uses (versions.env there).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/versions.env"

# Print a progress line that stands out from the tools' own output.
step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# The machine's own Debian mirror (from its deb822 sources), so that every script
# and image uses the same mirror the machine is allowed to reach.
debian_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -m1 '/debian$' || true)
  [ -n "$uri" ] || uri=$(grep -hs '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -m1 '/debian/\?$' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Add a Debian suite (trixie, sid) as an apt source that never wins by default:
# Pin-Priority 100 means only `-t SUITE` reaches it, so a later apt-get install of
# anything else cannot upgrade this machine's libc from it.
add_pinned_suite() {
  local suite=$1 mirror
  mirror=$(debian_mirror)
  if [ ! -f "/etc/apt/sources.list.d/grapevine-$suite.sources" ]; then
    cat >"/etc/apt/sources.list.d/grapevine-$suite.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat >"/etc/apt/preferences.d/grapevine-$suite" <<PIN
Package: *
Pin: release n=$suite
Pin-Priority: 100
PIN
    APT_UPDATED=
  fi
}

apt_update_once() {
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
}
