/**
 * What the scan-findings alert path matches and what it sends to Datadog, as plain data:
 * EventBridge event patterns and input transformers (InputPathsMap + InputTemplate).
 */

/** An EventBridge event pattern, as the rule's `event_pattern` JSON. */
export type EventPattern = { readonly [field: string]: EventPattern | readonly unknown[] };

export interface InputTransformer {
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** The log attribute that tells the two kinds of log apart; monitors filter on it. */
export const EVENT_NAMES = {
  criticalFindings: "ecr_image_scan_critical_findings",
  scanFailed: "ecr_image_scan_failed",
} as const;

/** The `ddsource` of every log this path sends (the `source:` tag in Datadog). */
export const LOG_SOURCE = "amazon_ecr";

export interface ScanPatternProps {
  /** The account whose pushes are watched (the default bus only receives its own ECR events). */
  readonly accountId: string;
  /** ECR repository names as in the event's `repository-name`. */
  readonly repositories: readonly string[];
}

function scanPattern(props: ScanPatternProps, detail: EventPattern): EventPattern {
  return {
    source: ["aws.ecr"],
    "detail-type": ["ECR Image Scan"],
    account: [props.accountId],
    detail: { "repository-name": [...props.repositories], ...detail },
  };
}

/**
 * Completed scans with at least `criticalThreshold` CRITICAL findings. ECR omits a severity
 * with no findings from `finding-severity-counts`, and a numeric match never matches a missing key.
 */
export function criticalFindingsPattern(props: ScanPatternProps & { readonly criticalThreshold: number }): EventPattern {
  return scanPattern(props, {
    "scan-status": ["COMPLETE"],
    "finding-severity-counts": { CRITICAL: [{ numeric: [">=", props.criticalThreshold] }] },
  });
}

/** Scans that could not complete: the image's risk is unknown. */
export function scanFailedPattern(props: ScanPatternProps): EventPattern {
  return scanPattern(props, { "scan-status": ["FAILED"] });
}

export interface LogContext {
  /** `service` and the `service:` tag, e.g. `demo-api`. */
  readonly service: string;
  /** The `env:` tag, e.g. `prod`. */
  readonly environment: string;
  /** The `team:` tag. */
  readonly team: string;
}

const EVENT_PATHS = {
  repository: "$.detail.repository-name",
  digest: "$.detail.image-digest",
  tags: "$.detail.image-tags",
  account: "$.account",
  region: "$.region",
  time: "$.time",
} as const;

/**
 * Placeholders in quotes get the raw string; unquoted ones get JSON (a string is quoted, an array or
 * object is inserted as is). A path missing from the event renders nothing, so an unquoted placeholder
 * is only used for a path every matching event has: the counts object (it holds the matched CRITICAL),
 * the CRITICAL count itself and `image-tags` (an empty array on untagged images).
 * EventBridge does not escape inserted strings: only values that cannot hold `"` or `\` are quoted.
 */
function logTemplate(context: LogContext, fields: Record<string, string>): string {
  const ddtags = `env:${context.environment},service:${context.service},team:${context.team},repository:<repository>`;
  const common = {
    ddsource: `"${LOG_SOURCE}"`,
    service: `"${context.service}"`,
    ddtags: `"${ddtags}"`,
  };
  const trailing = {
    repository: `"<repository>"`,
    image_digest: `"<digest>"`,
    image_tags: "<tags>",
    aws_account: `"<account>"`,
    aws_region: `"<region>"`,
    // Not `timestamp`/`date`: Datadog would date the log at the scan, and a log delivered after
    // retries or a DLQ replay would fall outside the monitor's window (or past the 18 h intake limit).
    scan_time: `"<time>"`,
    console_url: `"https://<region>.console.aws.amazon.com/ecr/repositories/private/<account>/<repository>/_/image/<digest>/details?region=<region>"`,
  };
  const entries = Object.entries({ ...common, ...fields, ...trailing });
  return `{${entries.map(([key, value]) => `"${key}":${value}`).join(",")}}`;
}

/** One flat Datadog log per image with CRITICAL findings. */
export function criticalFindingsLog(context: LogContext): InputTransformer {
  return {
    inputPaths: {
      ...EVENT_PATHS,
      critical: "$.detail.finding-severity-counts.CRITICAL",
      counts: "$.detail.finding-severity-counts",
    },
    inputTemplate: logTemplate(context, {
      status: `"critical"`,
      evt: `{"name":"${EVENT_NAMES.criticalFindings}"}`,
      message: `"ECR image scan: <critical> CRITICAL vulnerabilities in <repository>@<digest> (${context.environment})"`,
      critical_count: "<critical>",
      finding_severity_counts: "<counts>",
    }),
  };
}

/** One Datadog warning log per image whose scan failed. */
export function scanFailedLog(context: LogContext): InputTransformer {
  return {
    inputPaths: EVENT_PATHS,
    inputTemplate: logTemplate(context, {
      status: `"warn"`,
      evt: `{"name":"${EVENT_NAMES.scanFailed}"}`,
      message: `"ECR image scan FAILED for <repository>@<digest> (${context.environment}): its vulnerabilities are unknown"`,
    }),
  };
}
