#!/usr/bin/env bash
# Tag a gated image: put the manifest of exactly that digest again, under the tag. The image was
# pushed by digest only, so until this runs it is untagged (and the untagged lifecycle rule expires
# it if the gate never passes). Copy to .github/scripts/tag-image.sh in the application repository.
#
# Environment: REPOSITORY (ECR repository name), DIGEST (sha256:...), IMAGE_TAG (the tag to add).
# A re-run that finds the tag already on this digest succeeds; a tag on another digest fails.
set -euo pipefail

: "${REPOSITORY:?set REPOSITORY to the ECR repository name}"
: "${DIGEST:?set DIGEST to the gated image digest}"
: "${IMAGE_TAG:?set IMAGE_TAG to the tag to add}"

# Docker v2 and OCI manifests only: asking for schema 1 would make ECR convert the manifest and
# change its digest.
aws ecr batch-get-image --repository-name "$REPOSITORY" --image-ids "imageDigest=$DIGEST" \
  --accepted-media-types application/vnd.docker.distribution.manifest.v2+json application/vnd.oci.image.manifest.v1+json \
    application/vnd.docker.distribution.manifest.list.v2+json application/vnd.oci.image.index.v1+json \
  --output json > image.json
if [[ "$(jq '.images | length' image.json)" != 1 ]]; then
  echo "::error::$REPOSITORY@$DIGEST not found: $(jq -c '.failures' image.json)"
  exit 1
fi
# -j: the manifest's exact bytes (no added newline), so its digest stays $DIGEST.
jq -j '.images[0].imageManifest' image.json > manifest.json
media_type="$(jq -r '.images[0].imageManifestMediaType' image.json)"

if ! aws ecr put-image --repository-name "$REPOSITORY" --image-tag "$IMAGE_TAG" --image-digest "$DIGEST" \
  --image-manifest file://manifest.json --image-manifest-media-type "$media_type" --output json > /dev/null 2> put-image.err; then
  if grep -q ImageAlreadyExistsException put-image.err; then
    echo "$REPOSITORY:$IMAGE_TAG already names $DIGEST (a re-run)"
    exit 0
  fi
  echo "::error::could not tag $REPOSITORY@$DIGEST as $IMAGE_TAG: $(tr '\n' ' ' < put-image.err)"
  exit 1
fi
echo "tagged $REPOSITORY@$DIGEST as $IMAGE_TAG"
