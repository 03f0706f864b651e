#!/usr/bin/env bash
# Scan gate: wait until the registry's scanner has finished with one pushed digest, then pass it
# only if it has no CRITICAL finding. Copy to .github/scripts/scan-gate.sh in the application
# repository (the reference workflow runs it from there). See docs/operator-tools.md.
#
# Environment:
#   REPOSITORY             ECR repository name, e.g. demo-api
#   DIGEST                 the pushed image's digest, sha256:...
#   SCAN_ENGINE            basic (ECR's scanner) or enhanced (Amazon Inspector): the environment's scanning.engine
#   AWS_REGION, ACCOUNT_ID where the image lives (enhanced: they name the image in Inspector)
#   GATE_DEADLINE_SECONDS  give up after this long (default 900, 15 minutes)
#   GATE_POLL_SECONDS      wait between polls (default 15)
#   GATE_RESULT_FILE       where the outcome is written as JSON, pass or fail (default scan-gate.json)
#
# Exit 0: the scan completed and found no CRITICAL vulnerability. Exit 1, with a ::error:: line
# naming the reason: CRITICAL findings, a scan status that is neither done nor pending (FAILED,
# UNSUPPORTED_IMAGE, ...), an API error, or the deadline.
set -euo pipefail

: "${REPOSITORY:?set REPOSITORY to the ECR repository name}"
: "${DIGEST:?set DIGEST to the pushed image digest}"
: "${SCAN_ENGINE:?set SCAN_ENGINE to basic or enhanced}"
deadline_seconds="${GATE_DEADLINE_SECONDS:-900}"
poll_seconds="${GATE_POLL_SECONDS:-15}"
result_file="${GATE_RESULT_FILE:-scan-gate.json}"

status="NOT_STARTED"
completed_at=""
counts="{}"

# Write the outcome (also on failure: the evidence records it) and exit.
finish() {
  local verdict="$1" reason="$2"
  jq -n --arg engine "$SCAN_ENGINE" --arg status "$status" --arg completedAt "$completed_at" \
    --argjson counts "$counts" --arg verdict "$verdict" --arg reason "$reason" \
    '{engine: $engine, status: $status, completedAt: (if $completedAt == "" then null else $completedAt end),
      findingSeverityCounts: $counts, verdict: $verdict, reason: $reason}' > "$result_file"
  if [[ "$verdict" == pass ]]; then
    echo "scan gate passed: $reason"
    exit 0
  fi
  echo "::error::scan gate failed for $REPOSITORY@$DIGEST: $reason"
  exit 1
}

# Run `aws "$@"` into $reply; on an API error fail the gate with the CLI's message. (Not in a
# subshell, so that `finish` ends the script.)
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
reply=""
call() {
  if ! reply="$(aws "$@" --output json 2> "$errors")"; then
    finish fail "API error from aws $1 $2: $(head -n 3 "$errors" | tr '\n' ' ')"
  fi
}

# Basic scanning: describe-images reports the scan status, completion time and severity counts.
# Statuses: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanStatus.html
poll_basic() {
  local description scan_completed_at scan_counts
  call ecr describe-images --repository-name "$REPOSITORY" --image-ids "imageDigest=$DIGEST"
  # One jq per poll; "-" stands for an absent field (read would merge empty tab-separated fields).
  IFS=$'\t' read -r status description scan_completed_at scan_counts < <(jq -r '.imageDetails[0]
    | [.imageScanStatus.status // "NO_STATUS_YET", .imageScanStatus.description // "-",
       .imageScanFindingsSummary.imageScanCompletedAt // "-", (.imageScanFindingsSummary.findingSeverityCounts // {} | tojson)]
    | @tsv' <<< "$reply")
  [[ "$description" == - ]] && description=""
  case "$status" in
    COMPLETE)
      [[ "$scan_completed_at" == - ]] || completed_at="$scan_completed_at"
      counts="$scan_counts"
      return 0 ;;
    PENDING | IN_PROGRESS | NO_STATUS_YET) return 1 ;;
    ACTIVE)
      finish fail "scan status ACTIVE is enhanced scanning's (Amazon Inspector): set the environment's scan engine to enhanced" ;;
    *) finish fail "scan status $status${description:+: $description}" ;;
  esac
}

# Enhanced scanning: readiness is Inspector's own coverage of this image (reason SUCCESSFUL, with
# lastScannedAt), never whether findings happen to exist yet; findings are then read from Inspector.
# Reasons: https://docs.aws.amazon.com/inspector/v2/APIReference/API_ScanStatus.html
poll_enhanced() {
  : "${AWS_REGION:?set AWS_REGION for enhanced scanning}" "${ACCOUNT_ID:?set ACCOUNT_ID for enhanced scanning}"
  local resource code reason scanned_at
  resource="arn:${AWS_PARTITION:-aws}:ecr:$AWS_REGION:$ACCOUNT_ID:repository/$REPOSITORY/$DIGEST"
  call inspector2 list-coverage --filter-criteria "{\"resourceId\":[{\"comparison\":\"EQUALS\",\"value\":\"$resource\"}]}"
  # "-" stands for an absent field, as in poll_basic.
  IFS=$'\t' read -r code reason scanned_at < <(jq -r '.coveredResources[0]
    | [.scanStatus.statusCode // "-", .scanStatus.reason // "-", .lastScannedAt // "-"] | @tsv' <<< "$reply")
  [[ "$code" == - ]] && code=""
  [[ "$reason" == - ]] && reason=""
  status="${code:-NOT_COVERED_YET}${reason:+/$reason}"
  case "$code/$reason" in
    ACTIVE/SUCCESSFUL)
      [[ "$scanned_at" != - ]] || return 1
      completed_at="$scanned_at"
      read_inspector_findings
      return 0 ;;
    / | */PENDING_INITIAL_SCAN) return 1 ;;
    *) finish fail "Inspector scan status $status" ;;
  esac
}

read_inspector_findings() {
  local filter findings
  filter="$(jq -cn --arg digest "$DIGEST" --arg repo "$REPOSITORY" '{
    ecrImageHash: [{comparison: "EQUALS", value: $digest}],
    ecrImageRepositoryName: [{comparison: "EQUALS", value: $repo}],
    findingStatus: [{comparison: "EQUALS", value: "ACTIVE"}]}')"
  call inspector2 list-findings --filter-criteria "$filter"
  findings="$reply"
  counts="$(jq -c '[.findings[].severity] | group_by(.) | map({(.[0]): length}) | add // {}' <<< "$findings")"
}

case "$SCAN_ENGINE" in
  basic | enhanced) ;;
  *) finish fail "SCAN_ENGINE must be basic or enhanced, got \"$SCAN_ENGINE\"" ;;
esac

# True once the scan is done (counts and completion time read); false while it is pending.
poll() {
  if [[ "$SCAN_ENGINE" == basic ]]; then poll_basic; else poll_enhanced; fi
}

deadline=$((SECONDS + deadline_seconds))
until poll; do
  if ((SECONDS >= deadline)); then
    finish fail "no completed scan after ${deadline_seconds}s (last status $status)"
  fi
  echo "scan status $status; waiting ${poll_seconds}s"
  sleep "$poll_seconds"
done

critical="$(jq '.CRITICAL // 0' <<< "$counts")"
if ((critical > 0)); then
  finish fail "$critical CRITICAL findings (severity counts $counts); do not deploy this image"
fi
finish pass "scan $status at ${completed_at:-an unreported time}, severity counts $counts"
