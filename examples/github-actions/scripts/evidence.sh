#!/usr/bin/env bash
# Write evidence.json for one pushed image, whether the gate passed or not: what was pushed, what
# the scanner said, who pushed it from which workflow run. Copy to .github/scripts/evidence.sh.
#
# Environment: TARGET_ENVIRONMENT, REGISTRY, REPOSITORY, DIGEST, IMAGE_TAG, TAGGED (true when the
# tag step succeeded), SCAN_ENGINE, ACCOUNT_ID, ROLE_ARN, GATE_RESULT_FILE (default scan-gate.json),
# BASE_IMAGES_FILE (default base-images.json), and GitHub's own GITHUB_* variables.
set -euo pipefail

gate_file="${GATE_RESULT_FILE:-scan-gate.json}"
base_file="${BASE_IMAGES_FILE:-base-images.json}"
# The gate did not run when an earlier step failed (e.g. an unpinned base image in prod).
[[ -s "$gate_file" ]] || jq -n --arg engine "$SCAN_ENGINE" \
  '{engine: $engine, status: "NOT_RUN", completedAt: null, findingSeverityCounts: {}, verdict: "fail", reason: "the gate did not run"}' > "$gate_file"
[[ -s "$base_file" ]] || echo '[]' > "$base_file"

jq -n \
  --arg environment "$TARGET_ENVIRONMENT" --arg repository "$REGISTRY/$REPOSITORY" --arg digest "$DIGEST" \
  --arg tag "$IMAGE_TAG" --arg tagged "${TAGGED:-false}" \
  --arg account "$ACCOUNT_ID" --arg role "$ROLE_ARN" \
  --arg workflowRef "$GITHUB_WORKFLOW_REF" --arg gitRef "$GITHUB_REF" --arg sha "$GITHUB_SHA" \
  --arg runId "$GITHUB_RUN_ID" --arg runAttempt "$GITHUB_RUN_ATTEMPT" --arg actor "$GITHUB_ACTOR" \
  --arg run "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID/attempts/$GITHUB_RUN_ATTEMPT" \
  --arg time "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --slurpfile scan "$gate_file" --slurpfile baseImages "$base_file" \
  '{environment: $environment, repository: $repository, imageDigest: $digest,
    image: "\($repository)@\($digest)", imageTags: (if $tagged == "true" then [$tag] else [] end),
    scan: $scan[0], baseImages: $baseImages[0],
    awsAccountId: $account, roleArn: $role,
    workflowRef: $workflowRef, gitRef: $gitRef, gitSha: $sha,
    runId: $runId, runAttempt: ($runAttempt | tonumber), actor: $actor, run: $run, writtenAt: $time}' > evidence.json
cat evidence.json
if [[ "${TAGGED:-false}" == true ]]; then
  echo "Deploy by digest: \`$REGISTRY/$REPOSITORY@$DIGEST\` ($IMAGE_TAG)" >> "$GITHUB_STEP_SUMMARY"
else
  echo "Not tagged: $(jq -r '.reason' "$gate_file")" >> "$GITHUB_STEP_SUMMARY"
fi
