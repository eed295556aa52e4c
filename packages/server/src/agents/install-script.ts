/**
 * `GET /install.sh`: installs this deployment's `coder` binary on a user's machine:
 *   curl -fsSL https://warren.example.com/install.sh | sh
 * It finds the OS and architecture, downloads `/bin/coder-<os>-<arch>` from the deployment, checks
 * that it runs, and puts it in ~/.local/bin (or /usr/local/bin as root), named `coder` with a
 * `warren` link beside it. No authentication, as the binaries it fetches need none.
 */
import type { FastifyInstance } from 'fastify';

/** Shell-quotes a value for a single-quoted `sh` string. */
const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export function installScript(accessUrl: URL): string {
  const base = accessUrl.toString().replace(/\/$/, '');
  return String.raw`#!/bin/sh
# Installs the coder CLI (also the workspace agent) of the deployment at ${base}.
#   curl -fsSL ${base}/install.sh | sh
#   curl -fsSL ${base}/install.sh | sh -s -- --prefix /opt/coder --name warren
# Options:
#   --prefix DIR    install into DIR/bin (default: /usr/local as root, else ~/.local)
#   --name NAMES    coder, warren, or both (the default: coder, with warren linked to it)
#   --url URL       the deployment to download from (default: ${base})
set -eu

URL=${sq(base)}
PREFIX=""
NAMES=both
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) PREFIX="$2"; shift 2 ;;
	--prefix=*) PREFIX="${'$'}{1#*=}"; shift ;;
	--name) NAMES="$2"; shift 2 ;;
	--name=*) NAMES="${'$'}{1#*=}"; shift ;;
	--url) URL="$2"; shift 2 ;;
	--url=*) URL="${'$'}{1#*=}"; shift ;;
	-h | --help) sed -n '2,8p' "$0" 2>/dev/null || true; exit 0 ;;
	*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
case "$NAMES" in coder | warren | both) ;; *) echo "install.sh: --name must be coder, warren or both" >&2; exit 2 ;; esac
URL="${'$'}{URL%/}"

case "$(uname -s)" in
Linux) OS=linux ;;
Darwin) OS=darwin ;;
MINGW* | MSYS* | CYGWIN*) OS=windows ;;
*) echo "install.sh: this deployment has no build for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
x86_64 | amd64) ARCH=amd64 ;;
aarch64 | arm64) ARCH=arm64 ;;
*) echo "install.sh: this deployment has no build for the $(uname -m) architecture" >&2; exit 1 ;;
esac
EXT=""
[ "$OS" = windows ] && EXT=.exe
FILE="coder-$OS-$ARCH$EXT"

if [ -z "$PREFIX" ]; then
	if [ "$(id -u)" = 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
fi
BIN="$PREFIX/bin"
mkdir -p "$BIN"
TMP="$BIN/.coder-install-$$"
trap 'rm -f "$TMP"' EXIT

echo "Downloading $URL/bin/$FILE"
if command -v curl >/dev/null 2>&1; then
	code=$(curl -sSL -o "$TMP" -w '%{http_code}' "$URL/bin/$FILE") || { echo "install.sh: the download failed" >&2; exit 1; }
elif command -v wget >/dev/null 2>&1; then
	code=200
	wget -q -O "$TMP" "$URL/bin/$FILE" || code=404
else
	echo "install.sh: curl or wget is needed" >&2
	exit 1
fi
if [ "$code" != 200 ]; then
	echo "install.sh: $URL has no $FILE (HTTP $code); it has: $URL/bin/" >&2
	exit 1
fi
chmod +x "$TMP"
if ! "$TMP" --version >/dev/null 2>&1; then
	echo "install.sh: the downloaded $FILE does not run on this machine" >&2
	exit 1
fi

MAIN=coder
[ "$NAMES" = warren ] && MAIN=warren
mv -f "$TMP" "$BIN/$MAIN$EXT"
trap - EXIT
if [ "$NAMES" = both ]; then
	ln -sf "$MAIN$EXT" "$BIN/warren$EXT"
fi
echo "Installed $("$BIN/$MAIN$EXT" --version | head -n 1) as $BIN/$MAIN$EXT$([ "$NAMES" = both ] && echo " (and $BIN/warren$EXT)")."
case ":$PATH:" in
*":$BIN:"*) ;;
*) echo "Add $BIN to your PATH to run it by name: export PATH=\"$BIN:\$PATH\"" ;;
esac
echo "Log in with: $MAIN login $URL"
`;
}

/** `accessUrl` is read per request: the server learns its port only once it listens. */
export function registerInstallScript(app: FastifyInstance, accessUrl: () => URL): void {
  app.get('/install.sh', { config: { public: true } }, async (_req, reply) =>
    reply.header('Content-Type', 'text/x-shellscript; charset=utf-8').header('Cache-Control', 'no-cache').send(installScript(accessUrl())),
  );
}
