// The agent bootstrap script a workspace runs as `coder_agent.init_script` (Coder's
// provisionersdk/scripts/bootstrap_linux.sh behaviour): download the agent from the access URL,
// retrying every 30 s, check that `--version` says "Coder", then exec `coder agent` with
// CODER_AGENT_AUTH and CODER_AGENT_URL exported. The daemon passes it to terraform as
// CODER_AGENT_SCRIPT_linux_<arch> with ${ARCH} filled in; the provider fills in ${ACCESS_URL}
// (with a trailing slash) and ${AUTH_TYPE}. Every other `${...}` is the shell's. (Below, ${'$'}
// writes a literal `$` into the template literal.)

export const bootstrapLinux = String.raw`#!/usr/bin/env sh
set -eux
# Keep the workspace around for a day after a failure, so its logs can be read.
waitonexit() {
	echo "=== Agent script exited with non-zero code ($?). Sleeping 24h to preserve logs..."
	sleep 86400
}
trap waitonexit EXIT
BINARY_DIR="${'$'}{BINARY_DIR:-$(mktemp -d -t coder.XXXXXX)}"
BINARY_NAME=coder
BINARY_URL=${'$'}{ACCESS_URL}bin/coder-linux-${'$'}{ARCH}
mkdir -p "$BINARY_DIR"
cd "$BINARY_DIR"
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

haveSudo() {
	# Is sudo available, and can it run without a password?
	command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1
}

if [ -n "${'$'}{USE_CAP_NET_ADMIN:-}" ]; then
	if haveSudo; then
		sudo -n setcap CAP_NET_ADMIN=+ep "./$BINARY_NAME" || true
	else
		setcap CAP_NET_ADMIN=+ep "./$BINARY_NAME" || true
	fi
fi

export CODER_AGENT_AUTH="${'$'}{AUTH_TYPE}"
export CODER_AGENT_URL="${'$'}{ACCESS_URL}"

output=$("./$BINARY_NAME" --version | head -n1)
if ! echo "$output" | grep -q Coder; then
	echo >&2 "ERROR: Downloaded agent binary returned unexpected version output"
	echo >&2 "$BINARY_NAME --version output: \"$output\""
	exit 2
fi

exec "./$BINARY_NAME" agent
`;

/** Terraform's agent architectures for Linux. */
export const linuxAgentArchitectures = ['amd64', 'arm64', 'armv7'] as const;

/** The scripts a daemon hands to terraform, keyed `<os>_<arch>`, with ${ARCH} filled in. */
export function defaultAgentScripts(): Record<string, string> {
  return Object.fromEntries(linuxAgentArchitectures.map((arch) => [`linux_${arch}`, bootstrapLinux.replaceAll('${ARCH}', arch)]));
}
