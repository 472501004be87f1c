#!/usr/bin/env bash
# Makes `docker` and `docker compose` answer on a Debian machine that has no Docker
# engine (a fresh CI VM, a workshop laptop without Docker Desktop). Does nothing
# where an engine already answers.
#
# It installs Debian bookworm's docker.io (dockerd 20.10, containerd, runc) and takes
# compose v2 from versions.env's COMPOSE_SUITE (trixie) as a single extracted binary:
# compose is not in bookworm, and that suite's apt source is pinned at priority 100 so
# nothing else (libc above all) is ever upgraded from it. dockerd is started detached,
# logging to $DOCKERD_LOG, because these machines have no systemd to supervise it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
DOCKERD_TIMEOUT=${DOCKERD_TIMEOUT:-60}
PLUGIN_DIR=/usr/libexec/docker/cli-plugins
started=$(date +%s)

print_versions() {
  printf '  %-15s %s\n' client "$(docker version --format '{{.Client.Version}} (API {{.Client.APIVersion}})' 2>/dev/null)"
  printf '  %-15s %s\n' engine "$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
  printf '  %-15s %s\n' compose "$(docker compose version --short 2>/dev/null || echo 'missing')"
}

engine_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null && engine_answers && docker compose version >/dev/null 2>&1; then
  step "A Docker engine and compose v2 already answer; nothing to do"
  print_versions
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root: it installs Debian packages and starts dockerd"
command -v apt-get >/dev/null || fail "this script knows Debian only; install Docker Engine and compose v2 by hand (https://docs.docker.com/engine/install/)"

# Add compose's suite before the first apt-get update, so one update serves both steps.
docker compose version >/dev/null 2>&1 || add_pinned_suite "$COMPOSE_SUITE"

if ! command -v dockerd >/dev/null; then
  step "Installing Debian's docker.io and iptables"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null
fi

if ! docker compose version >/dev/null 2>&1; then
  step "Installing compose v2 from Debian $COMPOSE_SUITE's docker-compose (binary only)"
  apt_update_once
  tmp=$(mktemp -d)
  chmod 0755 "$tmp" # apt-get download fetches as the _apt user
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -qq -t "$COMPOSE_SUITE" docker-compose) \
    || fail "could not download docker-compose from $COMPOSE_SUITE"
  dpkg -x "$tmp"/docker-compose_*.deb "$tmp/root"
  mkdir -p "$PLUGIN_DIR"
  install -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
fi

if ! engine_answers; then
  # The package's init script may have started one already (where there is an init);
  # start our own only when no dockerd runs.
  if ! pgrep -x dockerd >/dev/null; then
    step "Starting dockerd in the background (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  step "Waiting up to ${DOCKERD_TIMEOUT}s for the engine to answer"
  deadline=$(($(date +%s) + DOCKERD_TIMEOUT))
  until engine_answers; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      fail "dockerd did not answer within ${DOCKERD_TIMEOUT}s; see $DOCKERD_LOG"
    fi
    sleep 0.5
  done
fi

step "Docker is ready ($(($(date +%s) - started)) s)"
print_versions
