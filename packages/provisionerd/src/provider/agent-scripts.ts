// The agent bootstrap script a workspace runs as `coder_agent.init_script` (Coder's
// provisionersdk/scripts/bootstrap_linux.sh behaviour): download the agent from the access URL,
// retrying every 30 s, check that `--version` says "Coder", then exec `coder agent` with
// CODER_AGENT_AUTH and CODER_AGENT_URL exported. The daemon passes it to terraform as
// CODER_AGENT_SCRIPT_linux_<arch> with ${ARCH} filled in; the provider fills in ${ACCESS_URL}
// (with a trailing slash) and ${AUTH_TYPE}. Every other `${...}` is the shell's. (Below, ${'$'}
// writes a literal `$` into the template literal.)
//
// With CODER_AGENT_CACHE_DIR set (and curl), workspaces of one host share the binary: it is kept
// as `<cache>/coder-<etag>` (the server's ETag is the sha256 of the binary, so the name addresses
// the content), revalidated with If-None-Match (a 304 costs one small request), written to a
// temporary name and renamed into place, so a workspace never runs a half-written file. Only a
// real download runs the `--version` check. A cache folder the workspace may not write is read
// (and a new binary goes to BINARY_DIR instead). CODER_AGENT_FETCH_ONLY=1 fills the cache and
// exits: a sandbox can then be given the cache read-only.

export const bootstrapLinux = String.raw`#!/usr/bin/env sh
set -eux
# Keep the workspace around for a day after a failure, so its logs can be read.
waitonexit() {
	echo "=== Agent script exited with non-zero code ($?). Sleeping 24h to preserve logs..."
	sleep 86400
}
# Filling the cache only (CODER_AGENT_FETCH_ONLY): a failure ends the script, so the caller goes on.
[ -n "${'$'}{CODER_AGENT_FETCH_ONLY:-}" ] || trap waitonexit EXIT
BINARY_DIR="${'$'}{BINARY_DIR:-$(mktemp -d -t coder.XXXXXX)}"
BINARY_NAME=coder
BINARY_URL=${'$'}{ACCESS_URL}bin/coder-linux-${'$'}{ARCH}
mkdir -p "$BINARY_DIR"
cd "$BINARY_DIR"

checkVersion() {
	output=$("$1" --version | head -n1)
	if ! echo "$output" | grep -q Coder; then
		echo >&2 "ERROR: Downloaded agent binary returned unexpected version output"
		echo >&2 "$BINARY_NAME --version output: \"$output\""
		exit 2
	fi
}

# Sets BINARY from the shared cache, revalidating it with the server; fails when the request does.
fetchCached() {
	cache="$CODER_AGENT_CACHE_DIR"
	pointer="$cache/coder-linux-${'$'}{ARCH}.etag"
	etag=$(cat "$pointer" 2>/dev/null || true)
	case "$etag" in '' | *[!A-Za-z0-9._-]*) etag="" ;; esac
	[ -z "$etag" ] || [ -x "$cache/coder-$etag" ] || etag=""
	mkdir -p "$cache" 2>/dev/null || true
	dir="$cache"
	[ -w "$cache" ] || dir="$BINARY_DIR"
	tmp="$dir/.coder-$$.download"
	headers="$dir/.coder-$$.headers"
	set -- -fsS -o "$tmp" -D "$headers" -w '%{http_code}'
	[ -z "$etag" ] || set -- "$@" -H "If-None-Match: \"$etag\""
	code=$(curl "$@" "$BINARY_URL") || { rm -f "$tmp" "$headers"; return 1; }
	if [ "$code" = 304 ] && [ -n "$etag" ]; then
		rm -f "$tmp" "$headers"
		touch "$cache/coder-$etag" 2>/dev/null || true
		BINARY="$cache/coder-$etag"
		return 0
	fi
	new=$(tr -d '\r' <"$headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: *"\([A-Za-z0-9._-]*\)"$/\1/p' | tail -n 1)
	rm -f "$headers"
	chmod +x "$tmp"
	checkVersion "$tmp"
	if [ -n "$new" ] && [ "$dir" = "$cache" ]; then
		mv -f "$tmp" "$cache/coder-$new"
		printf '%s\n' "$new" >"$pointer.$$" && mv -f "$pointer.$$" "$pointer"
		# Binaries of earlier versions, unused for an hour (a 304 touches the one it serves).
		find "$cache" -maxdepth 1 -name 'coder-*' ! -name "coder-$new" ! -name '*.etag' -mmin +60 -exec rm -f {} + 2>/dev/null || true
		BINARY="$cache/coder-$new"
	else
		mv -f "$tmp" "$BINARY_DIR/$BINARY_NAME"
		BINARY="$BINARY_DIR/$BINARY_NAME"
	fi
}

BINARY=""
if [ -n "${'$'}{CODER_AGENT_CACHE_DIR:-}" ] && command -v curl >/dev/null 2>&1; then
	until fetchCached; do
		[ -z "${'$'}{CODER_AGENT_FETCH_ONLY:-}" ] || exit 1
		echo "error: failed to download coder agent"
		echo "Trying again in 30 seconds..."
		sleep 30
	done
	if [ -n "${'$'}{CODER_AGENT_FETCH_ONLY:-}" ]; then
		trap - EXIT
		exit 0
	fi
else
	# The download can fail for passing reasons (the server restarting, the network not up yet): keep trying.
	while :; do
		status=""
		if command -v curl >/dev/null 2>&1; then
			curl -fsSL --compressed "$BINARY_URL" -o "$BINARY_NAME" && break
			status=$?
		elif command -v wget >/dev/null 2>&1; then
			wget -q "$BINARY_URL" -O "$BINARY_NAME" && break
			status=$?
		elif command -v busybox >/dev/null 2>&1; then
			busybox wget -q "$BINARY_URL" -O "$BINARY_NAME" && break
			status=$?
		else
			echo "error: no download tool found, please install curl, wget or busybox wget"
			exit 127
		fi
		echo "error: failed to download coder agent"
		echo "       command returned: $status"
		echo "Trying again in 30 seconds..."
		sleep 30
	done

	if ! chmod +x "$BINARY_NAME"; then
		echo "Failed to make $BINARY_NAME executable"
		exit 1
	fi
	checkVersion "./$BINARY_NAME"
	BINARY="./$BINARY_NAME"
	if [ -n "${'$'}{CODER_AGENT_FETCH_ONLY:-}" ]; then
		trap - EXIT
		exit 0
	fi
fi

haveSudo() {
	# Is sudo available, and can it run without a password?
	command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1
}

if [ -n "${'$'}{USE_CAP_NET_ADMIN:-}" ]; then
	if haveSudo; then
		sudo -n setcap CAP_NET_ADMIN=+ep "$BINARY" || true
	else
		setcap CAP_NET_ADMIN=+ep "$BINARY" || true
	fi
fi

export CODER_AGENT_AUTH="${'$'}{AUTH_TYPE}"
export CODER_AGENT_URL="${'$'}{ACCESS_URL}"

exec "$BINARY" agent
`;

/** Terraform's agent architectures for Linux. */
export const linuxAgentArchitectures = ['amd64', 'arm64', 'armv7'] as const;

/** The scripts a daemon hands to terraform, keyed `<os>_<arch>`, with ${ARCH} filled in. */
export function defaultAgentScripts(): Record<string, string> {
  return Object.fromEntries(linuxAgentArchitectures.map((arch) => [`linux_${arch}`, bootstrapLinux.replaceAll('${ARCH}', arch)]));
}
