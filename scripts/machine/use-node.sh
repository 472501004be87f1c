# shellcheck shell=bash
# Source this, do not run it:   . scripts/machine/use-node.sh
# Makes this shell use the pinned Node (versions.env) when its own `node` is another major (these
# machines ship Node 20): installs it into .tools/ with scripts/machine/install-node.sh, puts it first on PATH,
# and points node-gyp at its headers (these machines' npm config says nodedir=/usr, Node 20's, which would
# build a native module for the wrong ABI; none compiles today, better-sqlite3 13 ships N-API binaries).
# Where `node` already is that major, changes nothing.
_use_node_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
_use_node_want=$(sed -n 's/^NODE_VERSION=\([0-9]*\)\..*/\1/p' "$_use_node_root/versions.env")
_use_node_have=$(node --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p')
if [ "${_use_node_have:-0}" != "$_use_node_want" ]; then
  if _use_node_prefix=$(bash "$_use_node_root/scripts/machine/install-node.sh"); then
    export PATH="$_use_node_prefix/bin:$PATH"
    export npm_config_nodedir="$_use_node_prefix"
    hash -r
  else
    echo "use-node.sh: could not install Node $_use_node_want; this shell still runs $(node --version 2>/dev/null || echo 'no node')" >&2
    unset _use_node_root _use_node_want _use_node_have _use_node_prefix
    return 1
  fi
fi
unset _use_node_root _use_node_want _use_node_have _use_node_prefix
