#!/usr/bin/env bash
# Builds Warren's container images on this machine, from Debian packages only (no image registry):
#
#   1. warren/debian:bookworm     a debootstrap minbase root file system, imported with `docker import`
#   2. warren/<name>:bookworm     for every images/<name>/Dockerfile; an image whose Dockerfile says
#                                 FROM warren/<other>:... is built after <other>, the rest in
#                                 alphabetical order of <name>
#
# Each image carries the label warren.inputs=<sha256 of what it is built from>; an image whose label
# already matches is skipped, so a second run costs a few `docker image inspect` calls. Runs are
# serialized with a lock file, so parallel callers (test projects) build once and the others find
# the images ready.
#
# Usage: images/build.sh [--force] [--list]
#   --force   rebuild every image even when its inputs are unchanged
#   --list    print the images in build order with their input hashes, and build nothing
# Environment:
#   WARREN_DEBIAN_MIRROR   Debian mirror for debootstrap and apt (default: the first one serving
#                          bookworm in /etc/apt/sources.list or /etc/apt/sources.list.d/*)
#   WARREN_IMAGES_LOCK     lock file (default: /tmp/warren-images.lock)
# Needs: root (debootstrap), debootstrap, a Docker engine reachable by the `docker` CLI, and a
# Debian mirror reachable from the host and from containers on the default bridge network.
set -euo pipefail

IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE=bookworm
TAG="$SUITE"
BASE_IMAGE="warren/debian:$TAG"
# Every image is also tagged with Warren's version, the tag the Helm charts default to (their appVersion).
VERSION="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$IMAGES_DIR/../package.json" 2>/dev/null | head -n 1 || true)"
LABEL=warren.inputs
export DOCKER_BUILDKIT=0

force=""
list=""
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --list) list=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "images/build.sh: unknown argument \"$arg\" (expected --force or --list)" >&2; exit 2 ;;
  esac
done

log() { printf '[images] %s\n' "$*" >&2; }

# The label of an image, or nothing when the image does not exist.
inputs_of() { docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }

# Debian sources of this host serving $SUITE (and its -updates/-security suites), one
# "<uri> <suite> <components>" per line, from both the one-line and the deb822 formats.
host_sources() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[[:space:]]\{1,\}\([^[:space:]]\{1,\}\)[[:space:]]*\(.*\)$/\2 \3 \4/p' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk '
      function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no") { n = split(suites, s, " "); m = split(uris, u, " "); for (i = 1; i <= m; i++) for (j = 1; j <= n; j++) print u[i], s[j], comps } types = uris = suites = comps = ""; enabled = "" }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, ""); }
      key == "types" { types = $0 } key == "uris" { uris = $0 } key == "suites" { suites = $0 }
      key == "components" { comps = $0 } key == "enabled" { enabled = tolower($0) }
      END { flush() }' "$file"
  done | awk -v suite="$SUITE" '$2 == suite || index($2, suite "-") == 1'
}

mirror() {
  if [ -n "${WARREN_DEBIAN_MIRROR:-}" ]; then echo "$WARREN_DEBIAN_MIRROR"; return; fi
  local found
  found="$(host_sources | awk -v suite="$SUITE" '$2 == suite { print $1; exit }')"
  if [ -z "$found" ]; then
    echo "images/build.sh: no Debian mirror serving $SUITE found in /etc/apt/sources.list or /etc/apt/sources.list.d/; set WARREN_DEBIAN_MIRROR" >&2
    exit 1
  fi
  echo "$found"
}

# The root file system of warren/debian:bookworm. Its recipe is this function's text: changing it
# changes the image's input hash.
build_debian_rootfs() {
  local rootfs="$1" mirror="$2"
  debootstrap --variant=minbase --components=main "$SUITE" "$rootfs" "$mirror" >&2
  # apt inside later builds uses the host's sources for the suite, its updates and security.
  {
    if [ -n "${WARREN_DEBIAN_MIRROR:-}" ]; then
      echo "deb $mirror $SUITE main"
    else
      host_sources | awk '{ print "deb", $1, $2, ($3 == "" ? "main" : $3) }' | sort -u
    fi
  } >"$rootfs/etc/apt/sources.list"
  # As Debian's own container images: no recommends, no documentation, no caches in layers.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90warren-no-recommends"
  printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
    >"$rootfs/etc/dpkg/dpkg.cfg.d/90warren-no-docs"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/log/*.log
  : >"$rootfs/etc/hostname"
  : >"$rootfs/etc/resolv.conf"
}

debian_inputs() { { echo "$SUITE"; declare -f build_debian_rootfs host_sources; } | sha256sum | cut -d' ' -f1; }

build_debian() {
  local inputs="$1" work rootfs started
  for tool in debootstrap docker; do
    command -v "$tool" >/dev/null || { echo "images/build.sh: $tool is not installed (Debian: apt-get install -y $tool)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "images/build.sh: building $BASE_IMAGE runs debootstrap, which needs root" >&2; exit 1; }
  work="$(mktemp -d "${TMPDIR:-/var/tmp}/warren-debian.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  rootfs="$work/rootfs"
  started=$SECONDS
  log "debootstrap $SUITE (minbase) from $(mirror)"
  build_debian_rootfs "$rootfs" "$(mirror)"
  log "debootstrap took $((SECONDS - started)) s; importing $BASE_IMAGE"
  tar --numeric-owner -C "$rootfs" -c . |
    docker import \
      --change "LABEL $LABEL=$inputs" \
      --change 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      - "$BASE_IMAGE" >/dev/null
  log "built $BASE_IMAGE in $((SECONDS - started)) s"
}

# The folders of images/ holding a Dockerfile, in build order (dependencies first).
ordered=()
visit() {
  local name="$1" dep seen
  for seen in "${ordered[@]+"${ordered[@]}"}"; do [ "$seen" = "$name" ] && return 0; done
  case " ${visiting:-} " in *" $name "*) echo "images/build.sh: images/$name/Dockerfile depends on itself through FROM lines" >&2; exit 1 ;; esac
  visiting="${visiting:-} $name"
  for dep in $(sed -n 's/^[[:space:]]*FROM[[:space:]]\{1,\}\(--[^[:space:]]*[[:space:]]\{1,\}\)*warren\/\([a-z0-9._-]*\):.*/\2/Ip' "$IMAGES_DIR/$name/Dockerfile"); do
    [ "$dep" = debian ] && continue
    [ -f "$IMAGES_DIR/$dep/Dockerfile" ] || { echo "images/build.sh: images/$name/Dockerfile is FROM warren/$dep, which no images/$dep/Dockerfile builds" >&2; exit 1; }
    visit "$dep"
  done
  ordered+=("$name")
}
for dockerfile in "$IMAGES_DIR"/*/Dockerfile; do
  [ -f "$dockerfile" ] && visit "$(basename "$(dirname "$dockerfile")")"
done

# The inputs of images/<name>: its folder's files and the inputs of the warren/* images it is FROM.
folder_inputs() {
  local name="$1" dep
  {
    (cd "$IMAGES_DIR/$name" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    for dep in $(sed -n 's/^[[:space:]]*FROM[[:space:]]\{1,\}\(--[^[:space:]]*[[:space:]]\{1,\}\)*\(warren\/[a-z0-9._-]*:[^[:space:]]*\).*/\2/Ip' "$IMAGES_DIR/$name/Dockerfile"); do
      echo "$dep $(expected_inputs "$dep")"
    done
  } | sha256sum | cut -d' ' -f1
}

declare -A computed=()
expected_inputs() {
  local image="$1" name
  if [ -z "${computed[$image]:-}" ]; then
    if [ "$image" = "$BASE_IMAGE" ]; then computed[$image]="$(debian_inputs)"
    else name="${image#warren/}"; name="${name%%:*}"; computed[$image]="$(folder_inputs "$name")"; fi
  fi
  echo "${computed[$image]}"
}

if [ -n "$list" ]; then
  echo "$BASE_IMAGE $(expected_inputs "$BASE_IMAGE")"
  for name in "${ordered[@]+"${ordered[@]}"}"; do echo "warren/$name:$TAG $(expected_inputs "warren/$name:$TAG")"; done
  exit 0
fi

exec 9>"${WARREN_IMAGES_LOCK:-/tmp/warren-images.lock}"
if ! flock -n 9; then
  log "another build holds ${WARREN_IMAGES_LOCK:-/tmp/warren-images.lock}; waiting for it"
  flock 9
fi

# An images/<name>/prepare executable stages inputs that live outside its folder (into an ignored
# folder beside the Dockerfile) before the folder is hashed.
for name in "${ordered[@]+"${ordered[@]}"}"; do
  if [ -x "$IMAGES_DIR/$name/prepare" ]; then
    "$IMAGES_DIR/$name/prepare" || { echo "images/build.sh: images/$name/prepare failed" >&2; exit 1; }
  fi
done

inputs="$(expected_inputs "$BASE_IMAGE")"
if [ -z "$force" ] && [ "$(inputs_of "$BASE_IMAGE")" = "$inputs" ]; then
  log "$BASE_IMAGE is up to date"
else
  build_debian "$inputs"
fi

for name in "${ordered[@]+"${ordered[@]}"}"; do
  image="warren/$name:$TAG"
  inputs="$(expected_inputs "$image")"
  if [ -z "$force" ] && [ "$(inputs_of "$image")" = "$inputs" ]; then
    log "$image is up to date"
    [ -z "$VERSION" ] || docker tag "$image" "warren/$name:$VERSION"
    continue
  fi
  started=$SECONDS
  log "building $image from images/$name"
  previous="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  output="$(mktemp)"
  if ! docker build --label "$LABEL=$inputs" --tag "$image" "$IMAGES_DIR/$name" >"$output" 2>&1; then
    tail -n 40 "$output" >&2
    rm -f "$output"
    echo "images/build.sh: building $image from images/$name/Dockerfile failed (its last lines are above)" >&2
    exit 1
  fi
  rm -f "$output"
  [ -z "$VERSION" ] || docker tag "$image" "warren/$name:$VERSION"
  # The image this build replaced, now untagged: removed unless a container still uses it.
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$image")" ] &&
    [ "$(docker image inspect --format '{{len .RepoTags}}' "$previous" 2>/dev/null)" = 0 ]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
  log "built $image in $((SECONDS - started)) s"
done
