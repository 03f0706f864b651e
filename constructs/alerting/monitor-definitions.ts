import type { DatadogRoute } from "../../config/schema";
import { EVENT_NAMES, LOG_SOURCE } from "./scan-findings-events";

/**
 * The Datadog L2 monitors as plain data: query, message, routing, priority.
 *
 * Latency: a window under 24 hours is evaluated every minute (Datadog, "Configure Monitors", Evaluation
 * frequency: window < 24 h -> 1 minute; 24-48 h -> 10 minutes; >= 48 h -> 30 minutes), so a log counts
 * within about a minute of its arrival.
 */
export const ALERT_WINDOW = "15m";

/** A monitor group per image: a second bad image alerts on its own, also while the first is open. */
export const IMAGE_GROUP = "@image_digest";

export interface MonitorDefinition {
  readonly name: string;
  readonly type: "log alert";
  readonly query: string;
  readonly threshold: number;
  readonly message: string;
  readonly priority: number;
  readonly tags: readonly string[];
}

export interface MonitorContext {
  /** `service:` tag, e.g. `demo-api`. */
  readonly service: string;
  /** Environment name: `env:` tag and name prefix. */
  readonly environment: string;
  readonly team: string;
  readonly accountId: string;
  readonly region: string;
}

/** The `@` handle that notifies a route. */
export function notificationHandle(route: DatadogRoute): string {
  switch (route.type) {
    case "oncall":
      return `@oncall-${route.team}`;
    case "pagerduty":
      return `@pagerduty-${route.service}`;
    case "slack":
      return `@slack-${route.channel}`;
  }
}

/**
 * A value matched literally by Datadog's log search: its special characters (`+ - = & | > < ! ( ) { } [ ] ^ "
 * “ ” ~ * ? : \ #` and spaces) escaped with `\` ("Log Search Syntax", Escape special characters; `/` is not special).
 */
export function searchValue(value: string): string {
  return value.replace(/[+\-=&|><!(){}[\]^"“”~*?:\\# ]/g, "\\$&");
}

/**
 * Logs of this environment of the kind `eventName`. Only this environment's rules send logs tagged with its
 * `env`, and they match only its repositories (docs/alerting.md), so the search names no repository and its
 * size does not grow with them.
 */
function logSearch(context: MonitorContext, eventName: string): string {
  return [`source:${LOG_SOURCE}`, `service:${searchValue(context.service)}`, `env:${searchValue(context.environment)}`, `@evt.name:${eventName}`].join(" ");
}

/** One group per image digest; a count monitor evaluates an empty window as 0, so a group recovers after the window. */
function perImageCount(search: string): string {
  return `logs("${search}").index("*").rollup("count").by("${IMAGE_GROUP}").last("${ALERT_WINDOW}") >= 1`;
}

function tags(context: MonitorContext): string[] {
  return [`service:${context.service}`, `env:${context.environment}`, `team:${context.team}`, "monitor_level:l2"];
}

function where(context: MonitorContext): string {
  return `${context.service} (${context.environment}, account ${context.accountId}, ${context.region})`;
}

/** The digest of the alerting group: a multi-alert variable, so it never depends on a log sample. */
const DIGEST = `{{${IMAGE_GROUP}.name}}`;

/**
 * The repository, from a log of the alerting group: its name, or its ARN when an `Inspector2 Scan` reported it
 * (a template cannot cut the name out of the ARN). The monitors are per environment, not per repository:
 * Datadog's default quota is 1,000 log monitors per organization (constructs/service-limits.ts).
 */
const REPOSITORY = "{{log.attributes.repository}}";
const REPOSITORY_LINE = `- Repository: \`${REPOSITORY}\` (an Inspector2 Scan names it by ARN: the name follows \`repository/\`)`;

function findingsCommand(context: MonitorContext, imageId: string): string {
  return `aws ecr describe-image-scan-findings --registry-id ${context.accountId} --region ${context.region} --repository-name ${REPOSITORY} --image-id ${imageId}`;
}

/**
 * The handle only inside `{{#is_alert}}`: the notification (the page) goes out when an image alerts, and the
 * group's recovery, which only means the window passed, notifies nobody. Datadog On-Call resolves a page on
 * recovery only when the recovery notification mentions the team ("Pages", Resolving Pages automatically),
 * so the page stays open until a person resolves it.
 */
function alertOnly(handle: string, alert: string[], recovery: string): string {
  return `{{#is_alert}}\n${[...alert, handle].join("\n\n")}\n{{/is_alert}}\n{{#is_recovery}}${recovery}{{/is_recovery}}`;
}

/** An image of the environment with CRITICAL vulnerabilities, reported by either engine: pages in production, Slack elsewhere. */
export function criticalFindingsMonitor(context: MonitorContext, route: DatadogRoute, priority: number): MonitorDefinition {
  const consoleUrl = `https://${context.region}.console.aws.amazon.com/ecr/private-registry/repositories?region=${context.region}`;
  return {
    name: `[L2][${context.environment}] ${context.service}: CRITICAL vulnerabilities in a scanned image`,
    type: "log alert",
    query: perImageCount(logSearch(context, EVENT_NAMES.criticalFindings)),
    threshold: 1,
    priority,
    tags: tags(context),
    message: alertOnly(
      notificationHandle(route),
      [
        `**CRITICAL vulnerabilities in an image of ${where(context)}.**\n` +
          `${REPOSITORY_LINE}\n` +
          `- Image digest: \`${DIGEST}\`\n` +
          "- Tags: {{log.attributes.image_tags}}\n" +
          "- CRITICAL findings: {{log.attributes.critical_count}} (reported by {{log.attributes.scan_event}} {{log.attributes.vulnerability_id}})\n" +
          `- Console: ${consoleUrl}`,
        `**How to look**: \`${findingsCommand(context, `imageDigest=${DIGEST}`)}\``,
        "**Fix**:\n" +
          "1. Update the vulnerable package (each finding names the package and the version that fixes it).\n" +
          `2. Build and push a new image to \`${REPOSITORY}\`; it is scanned on push.\n` +
          `3. Confirm the new image has no CRITICAL finding: \`${findingsCommand(context, "imageTag=<new tag>")}\`.\n` +
          "4. Redeploy the ECS service with the new image, then resolve this page.",
        "This page stays open until someone resolves it; reminders come from the On-Call escalation policy.",
      ],
      `No new CRITICAL report for image ${DIGEST} in the last ${ALERT_WINDOW}. Not a fix: the page stays open until resolved by hand.`,
    ),
  };
}

/** An image of the environment the scanner did not scan (any status but scanned or in progress): its risk is unknown. A warning, never a page. */
export function notScannedMonitor(context: MonitorContext, route: DatadogRoute, alertPriority: number): MonitorDefinition {
  return {
    name: `[L2][${context.environment}] ${context.service}: image not scanned (vulnerabilities unknown)`,
    type: "log alert",
    query: perImageCount(logSearch(context, EVENT_NAMES.notScanned)),
    threshold: 1,
    priority: Math.min(5, alertPriority + 2),
    tags: tags(context),
    message: alertOnly(
      notificationHandle(route),
      [
        `**An image of ${where(context)} was not scanned: its vulnerabilities are unknown.**\n` +
          `${REPOSITORY_LINE}\n` +
          `- Image digest: \`${DIGEST}\`\n` +
          "- Scan status: {{log.attributes.scan_status}} (reported by {{log.attributes.scan_event}})",
        `**How to look**: \`${findingsCommand(context, `imageDigest=${DIGEST}`)} --query imageScanStatus\``,
        "**Fix** by status: FAILED or UNSUPPORTED_IMAGE: rebuild on a supported base image and push again; " +
          "LIMIT_EXCEEDED: the basic-scan quota was reached, rescan later (`aws ecr start-image-scan`); " +
          "SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE or IMAGE_ARCHIVED: the image is no longer scanned, push a fresh build if it is still deployed. " +
          "Then confirm the new scan is COMPLETE.",
      ],
      `No new not-scanned report for image ${DIGEST} in the last ${ALERT_WINDOW}.`,
    ),
  };
}

export interface HeartbeatMonitorContext extends MonitorContext {
  /** Hours between two heartbeats. */
  readonly heartbeatHours: number;
  /** Names that help whoever investigates. */
  readonly deadLetterQueueName: string;
  readonly apiDestinationName: string;
  readonly heartbeatRuleName: string;
}

/** Three missed heartbeats: the path is broken. The window stays under 24 h, so it is evaluated every minute. */
export function heartbeatWindowHours(heartbeatHours: number): number {
  return 3 * heartbeatHours;
}

/** No heartbeat in the window: EventBridge no longer reaches Datadog. Warns (Slack), never pages. */
export function heartbeatMonitor(context: HeartbeatMonitorContext, route: DatadogRoute, alertPriority: number): MonitorDefinition {
  const window = `${heartbeatWindowHours(context.heartbeatHours)}h`;
  const place = `account ${context.accountId}, ${context.region}`;
  return {
    name: `[L2][${context.environment}] ${context.service}: scan alert path silent (no heartbeat for ${window})`,
    type: "log alert",
    // Zero heartbeats is a count of 0, which is below 1: "Evaluate as zero" is the default for count queries.
    query: `logs("${logSearch(context, EVENT_NAMES.heartbeat)}").index("*").rollup("count").last("${window}") < 1`,
    threshold: 1,
    priority: Math.min(5, alertPriority + 2),
    tags: tags(context),
    message: [
      `{{#is_alert}}**No heartbeat from the ECR scan alert path of ${context.service} (${context.environment}) for ${window}.** ` +
        "EventBridge is not delivering to Datadog: an image with CRITICAL vulnerabilities would page nobody.\n" +
        `Check in ${place}: the dead-letter queue \`${context.deadLetterQueueName}\` (its messages' ERROR_CODE and ERROR_MESSAGE say why), ` +
        `the API destination \`${context.apiDestinationName}\` and its connection (a revoked or rotated DD-API-KEY), ` +
        `the rule \`${context.heartbeatRuleName}\`. See docs/alerting.md, "When Datadog is down".{{/is_alert}}` +
        "{{#is_recovery}}Heartbeats arrive again: the alert path delivers.{{/is_recovery}}",
      notificationHandle(route),
    ].join("\n\n"),
  };
}
