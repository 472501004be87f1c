#!/usr/bin/env bash
# Everything the tests need on a fresh Debian machine, each step skipped when already
# done: a Docker engine, the native Prometheus/Alertmanager tools for config checks,
# Debian's Chromium for browser tests, and, where no registry answers, stand-in images.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env

bash "$here/install-docker-engine.sh"
bash "$here/fetch-prometheus-tools.sh"
bash "$here/install-chromium.sh"

# Official images when a registry answers (a workstation), stand-ins built from
# Debian's packages when none does (air-gapped or registry-less machines like CI's).
if docker image inspect "prom/prometheus:v$PROMETHEUS_VERSION" >/dev/null 2>&1 \
  || timeout 60 docker pull -q "prom/prometheus:v$PROMETHEUS_VERSION" >/dev/null 2>&1; then
  step "A registry answers: compose uses the official images"
else
  step "No registry answers: building stand-in images from Debian's packages"
  bash "$here/build-standin-images.sh"
fi
