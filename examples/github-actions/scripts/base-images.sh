#!/usr/bin/env bash
# List the images the build pulled (FROM, COPY --from=<image>, # syntax=) with their digests, from
# the build's own metadata: BuildKit's provenance in buildx's metadata file, which
# docker/build-push-action returns as its `metadata` output. Copy to .github/scripts/base-images.sh.
#
# Environment:
#   BUILD_METADATA        the build-push-action `metadata` output (JSON)
#   REQUIRE_PINNED_BASE   true: fail when any of them was not pinned by digest in the Dockerfile (prod)
#   BASE_IMAGES_FILE      where the list is written as JSON (default base-images.json)
#
# Each entry: {"uri": "pkg:docker/node@22-alpine?platform=linux%2Famd64", "digest": "sha256:...",
# "pinned": false}. A pinned reference (image@sha256:...) carries a digest= qualifier in its uri.
set -euo pipefail

: "${BUILD_METADATA:?set BUILD_METADATA to the build-push-action metadata output}"
out="${BASE_IMAGES_FILE:-base-images.json}"

# One key per platform for multi-platform builds ("buildx.build.provenance/linux/amd64").
if ! jq -e '[to_entries[] | select(.key | startswith("buildx.build.provenance"))] | length > 0' <<< "$BUILD_METADATA" > /dev/null; then
  echo "::error::the build metadata has no provenance (buildx.build.provenance), so the base images cannot be named; do not set BUILDX_METADATA_PROVENANCE=disabled"
  exit 1
fi
jq '[to_entries[] | select(.key | startswith("buildx.build.provenance")) | .value.materials[]?
     | select(.uri | startswith("pkg:docker/"))
     | {uri, digest: ("sha256:" + .digest.sha256), pinned: (.uri | test("[?&]digest=sha256(:|%3[Aa])[0-9a-f]{64}"))}]
    | unique_by(.uri)' <<< "$BUILD_METADATA" > "$out"
jq -r '.[] | "\(.uri) -> \(.digest)\(if .pinned then "" else " (not pinned)" end)"' "$out"

unpinned="$(jq -r '[.[] | select(.pinned | not) | .uri] | join(", ")' "$out")"
if [[ -n "$unpinned" && "${REQUIRE_PINNED_BASE:-false}" == true ]]; then
  echo "::error::base images not pinned by digest: $unpinned. Pin them in the Dockerfile (FROM image:tag@sha256:...) so a release build cannot change underneath"
  exit 1
fi
