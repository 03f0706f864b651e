/**
 * What the scan-findings alert path matches and what it sends to Datadog, as plain data: one route per
 * EventBridge rule (event pattern + input transformer). Event shapes: AWS's samples in
 * `__tests__/fixtures/events/` (README there names their pages).
 */
import { ecrRepositoryArn } from "../github/deploy-permissions";
import { LIMITS } from "../service-limits";

/** An EventBridge event pattern, as the rule's `event_pattern` JSON. */
export type EventPattern = { readonly [field: string]: EventPattern | readonly unknown[] };

export interface InputTransformer {
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** The log attribute (`evt.name`) that tells the kinds of log apart; monitors filter on it. */
export const EVENT_NAMES = {
  /** A scanned image has CRITICAL vulnerabilities: pages in production. */
  criticalFindings: "ecr_image_scan_critical_findings",
  /** An image was not scanned (any status but the ones below); the name dates from basic scanning's FAILED. */
  notScanned: "ecr_image_scan_failed",
  /** The scheduled proof that EventBridge can still deliver to Datadog. */
  heartbeat: "alert_path_heartbeat",
} as const;

/** The `ddsource` of every log this path sends (the `source:` tag in Datadog). */
export const LOG_SOURCE = "amazon_ecr";

/**
 * Scan statuses that mean "scanned, or being scanned": every other value, including ones AWS adds later,
 * is a warning. ECR's `ImageScanStatus` values (API reference: IN_PROGRESS | COMPLETE | FAILED |
 * UNSUPPORTED_IMAGE | ACTIVE | PENDING | SCAN_ELIGIBILITY_EXPIRED | FINDINGS_UNAVAILABLE | LIMIT_EXCEEDED |
 * IMAGE_ARCHIVED) and Inspector's `INITIAL_SCAN_COMPLETE` (Inspector2 Scan events).
 */
export const SCANNED_STATUSES = ["COMPLETE", "PENDING", "IN_PROGRESS", "ACTIVE", "INITIAL_SCAN_COMPLETE"] as const;

/** Completed scans whose CRITICAL count is compared with the threshold. */
const COMPLETED_STATUSES = ["COMPLETE", "INITIAL_SCAN_COMPLETE"];

export interface WatchedRepositories {
  /** The account whose scans are watched (the default bus only receives its own ECR and Inspector events). */
  readonly accountId: string;
  readonly region: string;
  /** ECR repository names. */
  readonly repositories: readonly string[];
  /**
   * Match repositories by this name prefix instead of listing them: the patterns then keep one size whatever the
   * number of repositories, and every repository of the registry whose name starts with it is watched too.
   * @default undefined (the patterns list every repository)
   */
  readonly repositoryPrefix?: string;
}

export interface LogContext {
  /** `service` and the `service:` tag, e.g. `demo-api`. */
  readonly service: string;
  /** The `env:` tag, e.g. `prod`. */
  readonly environment: string;
  /** The `team:` tag. */
  readonly team: string;
}

export interface AlertRouteProps extends WatchedRepositories, LogContext {
  /** Smallest CRITICAL count of a completed scan that alerts (each CRITICAL Inspector finding alerts). */
  readonly criticalThreshold: number;
}

/** One EventBridge rule of the path: what it matches and the log it sends. */
export interface AlertRoute {
  /** Construct id and rule-name suffix. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly log: InputTransformer;
}

/** The repositories by name: each listed, or (with a prefix) EventBridge's prefix matching. */
function repositoryNames(watched: WatchedRepositories): unknown[] {
  return watched.repositoryPrefix === undefined ? [...watched.repositories] : [{ prefix: watched.repositoryPrefix }];
}

/**
 * Basic scanning names a repository (`ECR Image Scan`), Inspector by ARN (`Inspector2 Scan`, AWS's samples):
 * both forms are matched for both, so neither engine's events depend on which form it uses.
 */
function repositoryIds(watched: WatchedRepositories): unknown[] {
  if (watched.repositoryPrefix !== undefined) {
    return [...repositoryNames(watched), { prefix: ecrRepositoryArn(watched.region, watched.accountId, watched.repositoryPrefix) }];
  }
  return [...watched.repositories, ...watched.repositories.map((name) => ecrRepositoryArn(watched.region, watched.accountId, name))];
}

function scanPattern(watched: WatchedRepositories, detail: EventPattern): EventPattern {
  return {
    source: ["aws.ecr", "aws.inspector2"],
    "detail-type": ["ECR Image Scan", "Inspector2 Scan"],
    account: [watched.accountId],
    detail: { "repository-name": repositoryIds(watched), ...detail },
  };
}

/**
 * Whether the event has image tags. `exists` only sees leaf values, so an empty list (an untagged image in
 * basic scanning) "does not exist" (event-ruler README, "Exists matching"): `true` and `false` split every
 * event in two, and only the first route may insert the tags unquoted.
 */
function tagsExist(tagged: boolean): unknown[] {
  return [{ exists: tagged }];
}

/** Completed scans (basic or Inspector's initial scan) with at least `criticalThreshold` CRITICAL findings. */
export function criticalScanPattern(props: WatchedRepositories & { readonly criticalThreshold: number }, tagged: boolean): EventPattern {
  return scanPattern(props, {
    "scan-status": COMPLETED_STATUSES,
    // A severity without findings may be absent (ECR guide) and a numeric match never matches a missing key.
    "finding-severity-counts": { CRITICAL: [{ numeric: [">=", props.criticalThreshold] }] },
    "image-tags": tagsExist(tagged),
  });
}

/** Scans that did not (or no longer) produce findings: the image's risk is unknown. */
export function notScannedPattern(watched: WatchedRepositories): EventPattern {
  return scanPattern(watched, { "scan-status": [{ "anything-but": [...SCANNED_STATUSES] }] });
}

/** One active CRITICAL Inspector finding on an image of these repositories (continuous rescans send only these). */
export function criticalFindingPattern(watched: WatchedRepositories, tagged: boolean): EventPattern {
  return {
    source: ["aws.inspector2"],
    "detail-type": ["Inspector2 Finding"],
    account: [watched.accountId],
    detail: {
      severity: ["CRITICAL"],
      status: ["ACTIVE"],
      resources: {
        type: ["AWS_ECR_CONTAINER_IMAGE"],
        details: {
          awsEcrContainerImage: {
            registry: [watched.accountId],
            repositoryName: repositoryNames(watched),
            imageTags: tagsExist(tagged),
          },
        },
      },
    },
  };
}

const COMMON_PATHS = { eventType: "$.detail-type", account: "$.account", region: "$.region", time: "$.time" } as const;
const SCAN_PATHS = { ...COMMON_PATHS, repository: "$.detail.repository-name", digest: "$.detail.image-digest" } as const;
const IMAGE = "$.detail.resources[0].details.awsEcrContainerImage";
const FINDING_PATHS = { ...COMMON_PATHS, repository: `${IMAGE}.repositoryName`, digest: `${IMAGE}.imageHash` } as const;

/**
 * One flat JSON log. Safe for every event a route lets through, whatever EventBridge renders for a path the
 * event lacks (nothing, or an empty string: the user guide leaves it open): a placeholder inside quotes gets
 * raw text, so it is only used for values that cannot hold `"` or `\` (names, ARNs, digests, statuses, times);
 * an unquoted one only for a path its route's pattern guarantees (the matched CRITICAL count and its parent
 * object, tags that `exists`). The log has no `timestamp`/`date`: Datadog dates it on arrival, so a log
 * delivered after retries still falls inside the monitor's window (and inside the intake's 18 h limit).
 */
function logTemplate(context: LogContext, fields: Record<string, string>, repositoryTag = true): string {
  const tags = [`env:${context.environment}`, `service:${context.service}`, `team:${context.team}`, ...(repositoryTag ? ["repository:<repository>"] : [])];
  const body = {
    ddsource: `"${LOG_SOURCE}"`,
    service: `"${context.service}"`,
    ddtags: `"${tags.join(",")}"`,
    ...fields,
  };
  return `{${Object.entries(body).map(([key, value]) => `"${key}":${value}`).join(",")}}`;
}

/** The attributes every scan-result log has, in the same schema whichever engine and event produced it. */
function imageFields(head: Record<string, string>, tags: string, tail: Record<string, string>): Record<string, string> {
  return {
    ...head,
    scan_event: `"<eventType>"`,
    repository: `"<repository>"`,
    image_digest: `"<digest>"`,
    image_tags: tags,
    ...tail,
    aws_account: `"<account>"`,
    aws_region: `"<region>"`,
    scan_time: `"<time>"`,
  };
}

const CRITICAL_HEAD = { status: `"critical"`, evt: `{"name":"${EVENT_NAMES.criticalFindings}"}` };

/** A scan summary (`ECR Image Scan` or `Inspector2 Scan`) with CRITICAL findings. */
export function criticalScanLog(context: LogContext, tagged: boolean): InputTransformer {
  return {
    inputPaths: {
      ...SCAN_PATHS,
      ...(tagged && { tags: "$.detail.image-tags" }),
      critical: "$.detail.finding-severity-counts.CRITICAL",
      counts: "$.detail.finding-severity-counts",
    },
    inputTemplate: logTemplate(
      context,
      imageFields(
        {
          ...CRITICAL_HEAD,
          message: `"<eventType>: <critical> CRITICAL vulnerabilities in <repository>@<digest> (${context.environment})"`,
        },
        tagged ? "<tags>" : "[]",
        { critical_count: "<critical>", finding_severity_counts: "<counts>" },
      ),
    ),
  };
}

/** One CRITICAL Inspector finding: `critical_count` is 1, the finding names the vulnerability. */
export function criticalFindingLog(context: LogContext, tagged: boolean): InputTransformer {
  return {
    inputPaths: {
      ...FINDING_PATHS,
      ...(tagged && { tags: `${IMAGE}.imageTags` }),
      vulnerability: "$.detail.packageVulnerabilityDetails.vulnerabilityId",
      finding: "$.detail.findingArn",
    },
    inputTemplate: logTemplate(
      context,
      imageFields(
        { ...CRITICAL_HEAD, message: `"<eventType>: CRITICAL <vulnerability> in <repository>@<digest> (${context.environment})"` },
        tagged ? "<tags>" : "[]",
        { critical_count: "1", vulnerability_id: `"<vulnerability>"`, finding_arn: `"<finding>"` },
      ),
    ),
  };
}

/** An image that was not scanned: a warning naming the status. */
export function notScannedLog(context: LogContext): InputTransformer {
  return {
    inputPaths: { ...SCAN_PATHS, status: "$.detail.scan-status" },
    inputTemplate: logTemplate(context, {
      status: `"warn"`,
      evt: `{"name":"${EVENT_NAMES.notScanned}"}`,
      message: `"<eventType>: <repository>@<digest> was not scanned (status <status>) in ${context.environment}: its vulnerabilities are unknown"`,
      scan_event: `"<eventType>"`,
      scan_status: `"<status>"`,
      repository: `"<repository>"`,
      image_digest: `"<digest>"`,
      aws_account: `"<account>"`,
      aws_region: `"<region>"`,
      scan_time: `"<time>"`,
    }),
  };
}

/** The heartbeat log a scheduled rule sends through the same connection and destination. */
export function heartbeatLog(context: LogContext): InputTransformer {
  return {
    inputPaths: { time: "$.time" },
    inputTemplate: logTemplate(
      context,
      {
        status: `"info"`,
        evt: `{"name":"${EVENT_NAMES.heartbeat}"}`,
        message: `"Heartbeat: EventBridge delivered to the Datadog Logs intake for ${context.service} (${context.environment})"`,
        sent_at: `"<time>"`,
      },
      false,
    ),
  };
}

/** Every rule that carries scan results, in a fixed order (rule names and tests rely on the ids). */
export function alertRoutes(props: AlertRouteProps): AlertRoute[] {
  const routes = (tagged: boolean): AlertRoute[] => {
    const suffix = tagged ? "" : "-untagged";
    const images = tagged ? "tagged images" : "untagged images";
    return [
      {
        id: `scan-critical${suffix}`,
        description: `Completed ECR or Inspector scans of ${images} with >= ${props.criticalThreshold} CRITICAL findings: to Datadog, where the L2 monitor alerts`,
        pattern: criticalScanPattern(props, tagged),
        log: criticalScanLog(props, tagged),
      },
      {
        id: `finding-critical${suffix}`,
        description: `Active CRITICAL Inspector findings on ${images} (continuous rescans): to Datadog, where the L2 monitor alerts`,
        pattern: criticalFindingPattern(props, tagged),
        log: criticalFindingLog(props, tagged),
      },
    ];
  };
  return [
    ...routes(true),
    ...routes(false),
    {
      id: "not-scanned",
      description: "Images ECR or Inspector did not scan (any status but scanned or in progress): to Datadog as warnings",
      pattern: notScannedPattern(props),
      log: notScannedLog(props),
    },
  ];
}

/** Rules whose event pattern exceeds EventBridge's default size quota, with their sizes. */
export function oversizedPatterns(props: AlertRouteProps): { readonly id: string; readonly characters: number }[] {
  return alertRoutes(props)
    .map((route) => ({ id: route.id, characters: JSON.stringify(route.pattern).length }))
    .filter((route) => route.characters > LIMITS.eventPattern.max);
}
