import type { DatadogRoute } from "../../config/schema";
import { EVENT_NAMES, LOG_SOURCE } from "./scan-findings-events";

/**
 * The Datadog L2 monitors of one repository as plain data: query, message, routing, priority.
 *
 * A log alert counts logs in a sliding window and recovers by itself once the window no longer holds
 * a matching log. The window is therefore how long an alert stays open after the last bad image:
 * two days, the longest a log monitor counts, so a page cannot recover before someone has seen it.
 */
export const EVALUATION_WINDOW = "2d";

/** While a production alert is open, re-page every hour (status `alert` only, never for no data). */
export const PRODUCTION_RENOTIFY_MINUTES = 60;
/** Outside production, one Slack reminder a day while the alert is open. */
export const REMINDER_RENOTIFY_MINUTES = 24 * 60;

export interface MonitorDefinition {
  readonly name: string;
  readonly type: "log alert";
  readonly query: string;
  readonly threshold: number;
  readonly message: string;
  readonly escalationMessage?: string;
  readonly priority: number;
  readonly tags: readonly string[];
  readonly renotifyMinutes?: number;
}

export interface RepositoryMonitorContext {
  /** `service:` tag, e.g. `demo-api`. */
  readonly service: string;
  /** Environment name: `env:` tag and name prefix. */
  readonly environment: string;
  readonly production: boolean;
  readonly team: string;
  readonly accountId: string;
  readonly region: string;
  /** ECR repository name. */
  readonly repository: string;
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

/** `/` separates nothing in a tag value but is reserved in Datadog's search syntax. */
function searchValue(value: string): string {
  return value.replace(/\//g, "\\/");
}

function logCountQuery(context: RepositoryMonitorContext, eventName: string, threshold: number): string {
  const search = [
    `source:${LOG_SOURCE}`,
    `service:${searchValue(context.service)}`,
    `env:${context.environment}`,
    `repository:${searchValue(context.repository)}`,
    `@evt.name:${eventName}`,
  ].join(" ");
  return `logs("${search}").index("*").rollup("count").last("${EVALUATION_WINDOW}") >= ${threshold}`;
}

function tags(context: RepositoryMonitorContext): string[] {
  return [`service:${context.service}`, `env:${context.environment}`, `team:${context.team}`, "monitor_level:l2"];
}

function findingsCommand(context: RepositoryMonitorContext, imageId: string, query = true): string {
  return [
    "aws ecr describe-image-scan-findings",
    `--registry-id ${context.accountId} --region ${context.region}`,
    `--repository-name ${context.repository} --image-id ${imageId}`,
    ...(query ? ["--query 'imageScanFindings.findings[?severity==`CRITICAL`]'"] : []),
  ].join(" ");
}

/** Every status, recovery included, goes to the handle: a page that opens must also resolve. */
function withHandle(handle: string, ...paragraphs: string[]): string {
  return [...paragraphs, `Notify: ${handle}`].join("\n\n");
}

/** >= 1 completed scan with CRITICAL findings in the window: pages in production, Slack elsewhere. */
export function criticalFindingsMonitor(
  context: RepositoryMonitorContext,
  route: DatadogRoute,
  priority: number,
): MonitorDefinition {
  const where = `\`${context.repository}\` (${context.environment}, account ${context.accountId}, ${context.region})`;
  return {
    name: `[L2][${context.environment}] ${context.repository}: CRITICAL vulnerabilities found by ECR image scan`,
    type: "log alert",
    query: logCountQuery(context, EVENT_NAMES.criticalFindings, 1),
    threshold: 1,
    priority,
    tags: tags(context),
    renotifyMinutes: context.production ? PRODUCTION_RENOTIFY_MINUTES : REMINDER_RENOTIFY_MINUTES,
    escalationMessage: `Still open: an image of ${where} has CRITICAL vulnerabilities. Follow the fix steps in this monitor's message.`,
    message: withHandle(
      notificationHandle(route),
      `{{#is_alert}}ECR image scan found CRITICAL vulnerabilities in an image pushed to ${where}. ` +
        "The log sample below names the image digest, its tags and the finding count per severity.{{/is_alert}}" +
        `{{#is_recovery}}No image of ${where} with CRITICAL findings was scanned in the last ${EVALUATION_WINDOW}. ` +
        "This recovery only means time passed: confirm the fix with the rescan below.{{/is_recovery}}",
      `**How to look** (digest from the log sample):\n\`${findingsCommand(context, "imageDigest=<image_digest>")}\``,
      "**Fix** (design 002, §10.2):\n" +
        "1. Update the vulnerable package (each finding names the package and the version that fixes it).\n" +
        `2. Build and push a new image to \`${context.repository}\`; it is scanned on push.\n` +
        `3. Confirm the rescan shows no CRITICAL finding: \`${findingsCommand(context, "imageTag=<new tag>")}\` prints \`[]\`.\n` +
        "4. Redeploy the ECS service with the new image.",
    ),
  };
}

/** >= 1 failed scan in the window: the image's risk is unknown. A warning, never a page. */
export function scanFailedMonitor(
  context: RepositoryMonitorContext,
  route: DatadogRoute,
  alertPriority: number,
): MonitorDefinition {
  const where = `\`${context.repository}\` (${context.environment}, account ${context.accountId}, ${context.region})`;
  return {
    name: `[L2][${context.environment}] ${context.repository}: ECR image scan FAILED (vulnerabilities unknown)`,
    type: "log alert",
    query: logCountQuery(context, EVENT_NAMES.scanFailed, 1),
    threshold: 1,
    priority: Math.min(5, alertPriority + 2),
    tags: tags(context),
    message: withHandle(
      notificationHandle(route),
      `{{#is_alert}}ECR could not scan an image pushed to ${where}: its vulnerabilities are unknown. ` +
        "The log sample below names the image digest.{{/is_alert}}" +
        `{{#is_recovery}}No failed scan in ${where} in the last ${EVALUATION_WINDOW}.{{/is_recovery}}`,
      `**How to look**: \`${findingsCommand(context, "imageDigest=<image_digest>", false)} --query imageScanStatus\``,
      "**Fix** (design 002, §11.2): a failed scan usually means a broken or unsupported image. " +
        "Rebuild and push it again (scan on push rescans it), then confirm the new scan is COMPLETE.",
    ),
  };
}
