#!/usr/bin/env bash
# Checks that `npm ci` of the committed tree installs on a bare Debian bookworm with Node.js 20 and
# no compiler (no build-essential, python3 or make), and that terminals then work (node-pty's
# prebuilt addon spawns a shell on a PTY and resizes it). Not part of CI: it needs a Docker engine
# and debootstrap, and takes a few minutes.
#
# Usage: DOCKER_HOST=unix:///run/warren-docker.sock scripts/check-no-compiler-install.sh
# The base image (local/warren-bookworm-node:20) is built once with debootstrap from the Debian
# mirror in the host's apt sources, plus the host's own node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
image=local/warren-bookworm-node:20
work=$(mktemp -d /tmp/warren-nocc-XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! docker image inspect "$image" >/dev/null 2>&1; then
  mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null || true) | grep -oE '^(URIs:|deb) +https?://[^ ]+' | awk '{print $2}' | grep -v security | head -1)
  [ -n "$mirror" ] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "building $image from $mirror (debootstrap minbase)"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; exit 1; }
  node_bin=$(command -v node)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp "$node_bin" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$work/rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  tar -C "$work/rootfs" -c . | docker import - "$image" >/dev/null
  rm -rf "$work/rootfs"
fi

git archive --format=tar HEAD | (mkdir -p "$work/src" && tar -C "$work/src" -x)
cat >"$work/check.sh" <<'EOF'
set -eu
for tool in cc gcc g++ c++ make python3 python; do
  if command -v "$tool" >/dev/null; then echo "unexpected compiler tool in the image: $tool"; exit 1; fi
done
test ! -d /usr/include/node || { echo "unexpected Node.js headers in the image"; exit 1; }
echo "node $(node --version), npm $(npm --version); no cc, make or python3"
cd /src
start=$(date +%s)
status=0
npm ci --ignore-scripts=false --no-audit --no-fund >/tmp/npm-ci.log 2>&1 || status=$?
tail -15 /tmp/npm-ci.log
echo "npm ci exit $status in $(( $(date +%s) - start )) s"
[ "$status" -eq 0 ] || exit 1
node -e '
const pty = require("@lydell/node-pty");
const p = pty.spawn("/bin/sh", ["-c", "stty size; tty"], { cols: 90, rows: 30 });
let out = "";
p.onData((d) => (out += d));
p.onExit(({ exitCode }) => {
  console.log("pty output:", JSON.stringify(out.trim()));
  if (exitCode !== 0 || !/30 90/.test(out) || !/\/dev\/pts\//.test(out)) process.exit(1);
});'
node -e 'try { require("cpu-features"); console.log("cpu-features: built"); } catch (e) { console.log("cpu-features: not built (optional for ssh2):", e.message.split("\n")[0]); }'
node -e 'const s = require("ssh2"); console.log("ssh2 loads:", typeof s.Server);'
EOF

registry=$(npm config get registry)
cafile=$(npm config get cafile)
args=(--rm -v "$work/src:/src" -v "$work/check.sh:/check.sh:ro" -e "npm_config_registry=$registry" -e npm_config_update_notifier=false)
if [ -n "$cafile" ] && [ "$cafile" != "null" ] && [ "$cafile" != "undefined" ]; then
  args+=(-v "$cafile:/etc/warren-ca.crt:ro" -e npm_config_cafile=/etc/warren-ca.crt -e NODE_EXTRA_CA_CERTS=/etc/warren-ca.crt)
fi
docker run "${args[@]}" "$image" sh /check.sh
echo "OK: npm ci installed without a compiler and a PTY works"
