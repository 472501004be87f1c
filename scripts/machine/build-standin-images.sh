#!/usr/bin/env bash
# Builds local stand-ins for the images compose.yaml pulls, for machines where no
# container registry answers (CI here, air-gapped sites), then writes .env so compose
# uses them. Grafana has no stand-in: it is in no Debian suite. Versions and suites are
# versions.env's (shown here as they are today):
#
#   grapevine-observatory/debian:trixie        debootstrapped from the machine's Debian mirror
#   grapevine-observatory/prometheus:3.5.3     stands in for prom/prometheus:v3.5.3
#   grapevine-observatory/alertmanager:0.33.1  stands in for prom/alertmanager:v0.33.1
#   grapevine-observatory/valkey:9.1.2         stands in for valkey/valkey:9.1.2
#   grapevine-observatory/victoriametrics:1.145.0
#                                              stands in for victoriametrics/victoria-metrics:v1.145.0
#                                              (these two: the highly available stack, compose.ha.yaml)
#   grapevine-observatory/node:24.22.3         stands in for node:24.22.3-trixie-slim (the app's
#                                              base), from the Node the tests run on
#
# The stand-ins carry the project's own names, never the official ones, and are
# selected only through PROMETHEUS_IMAGE, ALERTMANAGER_IMAGE, NODE_IMAGE, VALKEY_IMAGE and
# VICTORIAMETRICS_IMAGE.
# Each image already present is skipped; --rebuild builds them all again.
#
# Extra CA bundle: builds behind a TLS-intercepting proxy (npm ci inside the app's
# Dockerfile) need its CA. The file named by EXTRA_CA_CERTS (else NODE_EXTRA_CA_CERTS,
# else this machine's whole trust store) is copied to certs/extra-ca.crt, which the
# Dockerfile trusts while building and git ignores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env

BASE_IMAGE=grapevine-observatory/debian:$STANDIN_SUITE
PROMETHEUS_IMAGE=grapevine-observatory/prometheus:$PROMETHEUS_VERSION
ALERTMANAGER_IMAGE=grapevine-observatory/alertmanager:$ALERTMANAGER_VERSION
NODE_IMAGE=grapevine-observatory/node:$NODE_VERSION
VALKEY_IMAGE=grapevine-observatory/valkey:$VALKEY_VERSION
VICTORIAMETRICS_IMAGE=grapevine-observatory/victoriametrics:$VICTORIAMETRICS_VERSION
build="$root/.build"

rebuild=
for arg in "$@"; do
  case $arg in
    --rebuild) rebuild=1 ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) fail "unknown argument: $arg (try --help)" ;;
  esac
done

docker info >/dev/null 2>&1 || fail "no Docker engine answers; run scripts/machine/install-docker-engine.sh first"
# No buildx here: the classic builder is the one that works everywhere these run.
export DOCKER_BUILDKIT=0

script_started=$(date +%s)
elapsed() { echo "$(($(date +%s) - $1)) s"; }
replaced=()
# True when TAG exists and --rebuild was not given. With --rebuild, remembers the
# image TAG names now, so it can be removed once its replacement is built.
have_image() {
  local id
  id=$(docker image inspect --format '{{.Id}}' "$1" 2>/dev/null) || return 1
  [ -z "$rebuild" ] && return 0
  replaced=("$id" "${replaced[@]}")
  return 1
}

# A fresh build context under .build/images/NAME holding the stand-in's Dockerfile.
new_context() {
  local ctx="$build/images/$1"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$here/images/$1/Dockerfile" "$ctx/Dockerfile"
  echo "$ctx"
}

# Builds quietly into .build/logs/NAME.log (the classic builder's deprecation notice
# included) and shows the log's tail only when the build fails.
build_image() {
  local tag=$1 ctx=$2 log
  shift 2
  log="$build/logs/$(basename "$ctx").log"
  mkdir -p "$build/logs"
  docker build -t "$tag" --build-arg "BASE_IMAGE=$BASE_IMAGE" "$@" "$ctx" >"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; fail "building $tag failed; see ${log#"$root/"}"; }
  rm -rf "$ctx"
}

# What the official debian images do to a debootstrapped tree (after debuerreotype):
# apt keeps no caches or package lists in layers, dpkg skips docs, man pages and
# translations (as in the -slim images), services never start in a build, and the
# machine's resolv.conf and hostname stay out (Docker provides its own).
slim_rootfs() {
  local r=$1
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
DPKG
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 0755 "$r/usr/sbin/policy-rc.d"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
    "$r/etc/resolv.conf" "$r/etc/hostname"
}

# --- Extra CA bundle -----------------------------------------------------------
mkdir -p "$root/certs"
ca_source=${EXTRA_CA_CERTS:-${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}}
if [ -f "$ca_source" ]; then
  cp "$ca_source" "$root/certs/extra-ca.crt"
  step "Extra CA bundle for image builds: $ca_source -> certs/extra-ca.crt (git-ignored)"
elif [ -n "${EXTRA_CA_CERTS:-}" ]; then
  fail "EXTRA_CA_CERTS=$EXTRA_CA_CERTS is not a file"
elif [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then
  fail "NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS is not a file"
fi

# --- Debian base ---------------------------------------------------------------
if have_image "$BASE_IMAGE"; then
  step "$BASE_IMAGE: present, skipped"
else
  t=$(date +%s)
  [ "$(id -u)" = 0 ] || fail "debootstrap needs root"
  if ! command -v debootstrap >/dev/null; then
    step "Installing debootstrap"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  mirror=$(debian_mirror)
  step "$BASE_IMAGE: debootstrap --variant=minbase $STANDIN_SUITE from $mirror (about a minute)"
  rm -rf "$build/rootfs"
  mkdir -p "$build"
  debootstrap --variant=minbase "$STANDIN_SUITE" "$build/rootfs" "$mirror" >"$build/debootstrap.log" 2>&1 \
    || { tail -n 20 "$build/debootstrap.log" >&2; fail "debootstrap failed; see .build/debootstrap.log"; }
  slim_rootfs "$build/rootfs"
  tar -C "$build/rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $STANDIN_SUITE $mirror" - "$BASE_IMAGE" >/dev/null
  rm -rf "$build/rootfs"
  step "$BASE_IMAGE: built in $(elapsed "$t")"
fi

# --- Prometheus and Alertmanager, from Debian sid's packages --------------------
if [ -n "$rebuild" ] || ! docker image inspect "$PROMETHEUS_IMAGE" "$ALERTMANAGER_IMAGE" >/dev/null 2>&1; then
  bash "$here/fetch-prometheus-tools.sh"
fi
tools="$root/.tools/root"

# standin TAG NAME FILES BUILD_ARG: builds TAG from images/NAME unless it is present; FILES CTX
# puts what that Dockerfile COPYs into the context (Debian's binaries, assets and default config).
standin() {
  local tag=$1 name=$2 files=$3 build_arg=$4 t ctx
  if have_image "$tag"; then
    step "$tag: present, skipped"
    return
  fi
  t=$(date +%s)
  step "$tag: building"
  ctx=$(new_context "$name")
  mkdir -p "$ctx/bin"
  "$files" "$ctx"
  build_image "$tag" "$ctx" --build-arg "$build_arg"
  step "$tag: built in $(elapsed "$t")"
}
prometheus_files() {
  cp "$tools/usr/bin/prometheus" "$tools/usr/bin/promtool" "$1/bin/"
  cp -r "$tools/usr/share/prometheus/web" "$1/share"
  cp "$tools/etc/prometheus/prometheus.yml" "$1/prometheus.yml"
}
alertmanager_files() {
  cp "$tools/usr/bin/prometheus-alertmanager" "$1/bin/alertmanager"
  cp "$tools/usr/bin/amtool" "$1/bin/amtool"
  cp -r "$tools/usr/share/prometheus/alertmanager" "$1/share"
  cp "$tools/etc/prometheus/alertmanager.yml" "$1/alertmanager.yml"
}
standin "$PROMETHEUS_IMAGE" prometheus prometheus_files "PROMETHEUS_VERSION=$PROMETHEUS_VERSION"
standin "$ALERTMANAGER_IMAGE" alertmanager alertmanager_files "ALERTMANAGER_VERSION=$ALERTMANAGER_VERSION"

# --- Valkey and VictoriaMetrics (the highly available stack), from Debian sid ---
if [ -n "$rebuild" ] || ! docker image inspect "$VALKEY_IMAGE" "$VICTORIAMETRICS_IMAGE" >/dev/null 2>&1; then
  bash "$here/fetch-ha-binaries.sh"
fi
ha_tools="$root/.tools/ha/root"
valkey_files() { cp "$ha_tools/usr/bin/valkey-check-rdb" "$ha_tools/usr/bin/valkey-cli" "$1/bin/"; }
victoriametrics_files() { cp "$ha_tools/usr/bin/victoria-metrics" "$1/bin/"; }
standin "$VALKEY_IMAGE" valkey valkey_files "VALKEY_VERSION=$VALKEY_VERSION"
standin "$VICTORIAMETRICS_IMAGE" victoriametrics victoriametrics_files "VICTORIAMETRICS_VERSION=$VICTORIAMETRICS_VERSION"

# --- Node: the pinned Node the tests run on --------------------------------------
if have_image "$NODE_IMAGE"; then
  step "$NODE_IMAGE: present, skipped"
else
  t=$(date +%s)
  # The same binary as the tests' (scripts/machine/use-node.sh installs it when the machine's own Node
  # is another major), so the image runs exactly what was tested.
  node_prefix=$(bash "$here/install-node.sh")
  node_bin="$node_prefix/bin/node"
  node_version=$("$node_bin" --version)
  npm_dir="$node_prefix/lib/node_modules/npm"
  headers="$node_prefix/include/node"
  step "$NODE_IMAGE: building from $node_bin ($node_version), npm in $npm_dir, headers in $headers"
  ctx=$(new_context node)
  cp "$node_bin" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  cp -r "$headers" "$ctx/include"
  build_image "$NODE_IMAGE" "$ctx" --build-arg "NODE_VERSION=${node_version#v}"
  step "$NODE_IMAGE: built in $(elapsed "$t")"
fi

# Newest first, so an old stand-in goes before the old base it was built on;
# an image a container still uses stays.
for id in "${replaced[@]}"; do
  docker image rm "$id" >/dev/null 2>&1 || true
done

# --- .env: select the stand-ins --------------------------------------------------
# Keep whatever else .env holds; replace only the block this script owns.
env_file="$root/.env"
begin='# >>> stand-in images, written by scripts/machine/build-standin-images.sh'
end='# <<< stand-in images'
# The block's first line before this script moved into scripts/machine/, so such a block is replaced too.
begin_before_move='# >>> stand-in images, written by scripts/build-standin-images.sh'
kept=
[ -f "$env_file" ] && kept=$(awk -v b="$begin" -v o="$begin_before_move" -v e="$end" '$0 == b || $0 == o {skip = 1} !skip {print} $0 == e {skip = 0}' "$env_file")
{
  [ -n "$kept" ] && printf '%s\n' "$kept"
  cat <<ENV
$begin
# This machine cannot pull images, so compose uses local stand-ins built from Debian's
# packages. To go back to the official images, delete this block (or the whole .env).
PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE
ALERTMANAGER_IMAGE=$ALERTMANAGER_IMAGE
NODE_IMAGE=$NODE_IMAGE
VALKEY_IMAGE=$VALKEY_IMAGE
VICTORIAMETRICS_IMAGE=$VICTORIAMETRICS_IMAGE
$end
ENV
} >"$env_file"

step "Stand-in images ready in $(elapsed "$script_started"); wrote .env:"
cat "$env_file"
