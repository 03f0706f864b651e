import {
  criticalFindingsMonitor,
  heartbeatMonitor,
  notificationHandle,
  notScannedMonitor,
  searchValue,
} from "../../../constructs/alerting/monitor-definitions";

// The monitor builders alone (critical-findings-monitor.test.ts checks the monitors each stack creates).

const PROD = { service: "demo-api", environment: "prod", team: "demo-api", accountId: "222222222222", region: "ap-northeast-1" };
const ONCALL = { type: "oncall", team: "demo-api" } as const;
const SLACK = { type: "slack", channel: "demo-api-alerts" } as const;

/** The blocks of a message: what an alert renders and what a recovery renders. */
const block = (message: string, name: string) => new RegExp(`\\{\\{#${name}\\}\\}([\\s\\S]*?)\\{\\{/${name}\\}\\}`).exec(message)?.[1] ?? "";
const outsideBlocks = (message: string) => message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, "");

describe("notification handles", () => {
  it.each([
    [{ type: "oncall", team: "platform" }, "@oncall-platform"],
    [{ type: "pagerduty", service: "demo-api-prod" }, "@pagerduty-demo-api-prod"],
    [{ type: "slack", channel: "alerts" }, "@slack-alerts"],
  ] as const)("notifies %j as %s", (route, handle) => {
    expect(notificationHandle(route)).toBe(handle);
  });
});

describe("Datadog search values", () => {
  it("escapes every special character of Datadog's log search, and leaves / alone", () => {
    expect(searchValue('a+b-c=d&e|f>g<h!i(j)k{l}m[n]o^p"q“r”s~t*u?v:w\\x#y z/0')).toBe(
      'a\\+b\\-c\\=d\\&e\\|f\\>g\\<h\\!i\\(j\\)k\\{l\\}m\\[n\\]o\\^p\\"q\\“r\\”s\\~t\\*u\\?v\\:w\\\\x\\#y\\ z/0',
    );
  });
});

describe("the image-not-scanned warning", () => {
  const warning = notScannedMonitor(PROD, SLACK, 2);

  it("is a log alert counting the environment's not-scanned logs, per image, over 15 minutes", () => {
    expect(warning.type).toBe("log alert");
    expect(warning.query).toBe('logs("source:amazon_ecr service:demo\\-api env:prod @evt.name:ecr_image_scan_failed").index("*").rollup("count").by("@image_digest").last("15m") >= 1');
    expect(warning.threshold).toBe(1);
  });

  it("is two priority levels below the alert, never below P5", () => {
    expect([notScannedMonitor(PROD, SLACK, 2).priority, notScannedMonitor(PROD, SLACK, 4).priority]).toEqual([4, 5]);
  });

  it("notifies only when it alerts, naming the status and how to fix each one", () => {
    const alert = block(warning.message, "is_alert");
    expect(alert).toContain("@slack-demo-api-alerts");
    expect(alert).toContain("- Scan status: {{log.attributes.scan_status}}");
    expect(alert).toContain("FAILED or UNSUPPORTED_IMAGE: rebuild on a supported base image and push again");
    expect(block(warning.message, "is_recovery")).not.toMatch(/(^|\s)@/);
    expect(outsideBlocks(warning.message).trim()).toBe("");
  });

  it("is tagged for the service, environment, team and level", () => {
    expect(warning.tags).toEqual(["service:demo-api", "env:prod", "team:demo-api", "monitor_level:l2"]);
  });
});

describe("the CRITICAL findings alert", () => {
  const alert = criticalFindingsMonitor(PROD, ONCALL, 2);

  it("pages with the route's handle when it alerts, and nobody on recovery", () => {
    expect(block(alert.message, "is_alert")).toContain("@oncall-demo-api");
    expect(block(alert.message, "is_recovery")).not.toMatch(/(^|\s)@/);
    expect(outsideBlocks(alert.message).trim()).toBe("");
  });

  it("tells on-call that the page stays open until resolved, and that reminders come from the escalation policy", () => {
    expect(block(alert.message, "is_alert")).toContain("This page stays open until someone resolves it; reminders come from the On-Call escalation policy.");
    expect(block(alert.message, "is_recovery")).toBe(
      "No new CRITICAL report for image {{@image_digest.name}} in the last 15m. Not a fix: the page stays open until resolved by hand.",
    );
  });

  it("links the registry's repositories in the ECR console and gives the command that lists the image's findings", () => {
    const text = block(alert.message, "is_alert");
    expect(text).toContain("https://ap-northeast-1.console.aws.amazon.com/ecr/private-registry/repositories?region=ap-northeast-1");
    expect(text).toContain(
      "`aws ecr describe-image-scan-findings --registry-id 222222222222 --region ap-northeast-1 --repository-name {{log.attributes.repository}} --image-id imageDigest={{@image_digest.name}}`",
    );
  });

  it("keeps the configured priority", () => {
    expect([alert.priority, alert.threshold, alert.type]).toEqual([2, 1, "log alert"]);
  });
});

describe("the heartbeat monitor", () => {
  const names = { deadLetterQueueName: "demo-api-prod-scan-findings-dlq", apiDestinationName: "demo-api-prod-datadog-logs", heartbeatRuleName: "demo-api-prod-alert-heartbeat" };
  const heartbeat = heartbeatMonitor({ ...PROD, ...names, heartbeatHours: 2 }, SLACK, 2);

  it("alerts when fewer than one heartbeat arrived in three intervals", () => {
    expect(heartbeat.type).toBe("log alert");
    expect(heartbeat.query).toBe('logs("source:amazon_ecr service:demo\\-api env:prod @evt.name:alert_path_heartbeat").index("*").rollup("count").last("6h") < 1');
    expect(heartbeat.name).toBe("[L2][prod] demo-api: scan alert path silent (no heartbeat for 6h)");
  });

  it("warns two levels below the alert and names where to look", () => {
    expect(heartbeat.priority).toBe(4);
    const alert = block(heartbeat.message, "is_alert");
    for (const name of Object.values(names)) expect(alert).toContain(name);
    expect(heartbeat.message.endsWith("@slack-demo-api-alerts")).toBe(true);
  });
});

describe("what the people notified read (the whole text, reviewed)", () => {
  it("the CRITICAL page: where, which image, how to look, how to fix, that it stays open", () => {
    expect(criticalFindingsMonitor(PROD, ONCALL, 2).message).toBe(
      "{{#is_alert}}\n**CRITICAL vulnerabilities in an image of demo-api (prod, account 222222222222, ap-northeast-1).**\n- Repository: `{{log.attributes.repository}}` (an Inspector2 Scan names it by ARN: the name follows `repository/`)\n- Image digest: `{{@image_digest.name}}`\n- Tags: {{log.attributes.image_tags}}\n- CRITICAL findings: {{log.attributes.critical_count}} (reported by {{log.attributes.scan_event}} {{log.attributes.vulnerability_id}})\n- Console: https://ap-northeast-1.console.aws.amazon.com/ecr/private-registry/repositories?region=ap-northeast-1\n\n**How to look**: `aws ecr describe-image-scan-findings --registry-id 222222222222 --region ap-northeast-1 --repository-name {{log.attributes.repository}} --image-id imageDigest={{@image_digest.name}}`\n\n**Fix**:\n1. Update the vulnerable package (each finding names the package and the version that fixes it).\n2. Build and push a new image to `{{log.attributes.repository}}`; it is scanned on push.\n3. Confirm the new image has no CRITICAL finding: `aws ecr describe-image-scan-findings --registry-id 222222222222 --region ap-northeast-1 --repository-name {{log.attributes.repository}} --image-id imageTag=<new tag>`.\n4. Redeploy the ECS service with the new image, then resolve this page.\n\nThis page stays open until someone resolves it; reminders come from the On-Call escalation policy.\n\n@oncall-demo-api\n{{/is_alert}}\n{{#is_recovery}}No new CRITICAL report for image {{@image_digest.name}} in the last 15m. Not a fix: the page stays open until resolved by hand.{{/is_recovery}}",
    );
  });

  it("the not-scanned warning: which image, its status, how to fix each status", () => {
    expect(notScannedMonitor(PROD, SLACK, 2).message).toBe(
      "{{#is_alert}}\n**An image of demo-api (prod, account 222222222222, ap-northeast-1) was not scanned: its vulnerabilities are unknown.**\n- Repository: `{{log.attributes.repository}}` (an Inspector2 Scan names it by ARN: the name follows `repository/`)\n- Image digest: `{{@image_digest.name}}`\n- Scan status: {{log.attributes.scan_status}} (reported by {{log.attributes.scan_event}})\n\n**How to look**: `aws ecr describe-image-scan-findings --registry-id 222222222222 --region ap-northeast-1 --repository-name {{log.attributes.repository}} --image-id imageDigest={{@image_digest.name}} --query imageScanStatus`\n\n**Fix** by status: FAILED or UNSUPPORTED_IMAGE: rebuild on a supported base image and push again; LIMIT_EXCEEDED: the basic-scan quota was reached, rescan later (`aws ecr start-image-scan`); SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE or IMAGE_ARCHIVED: the image is no longer scanned, push a fresh build if it is still deployed. Then confirm the new scan is COMPLETE.\n\n@slack-demo-api-alerts\n{{/is_alert}}\n{{#is_recovery}}No new not-scanned report for image {{@image_digest.name}} in the last 15m.{{/is_recovery}}",
    );
  });

  it("the heartbeat warning: what is broken and where to look", () => {
    const names = { deadLetterQueueName: "demo-api-prod-scan-findings-dlq", apiDestinationName: "demo-api-prod-datadog-logs", heartbeatRuleName: "demo-api-prod-alert-heartbeat" };
    expect(heartbeatMonitor({ ...PROD, ...names, heartbeatHours: 2 }, SLACK, 2).message).toBe(
      "{{#is_alert}}**No heartbeat from the ECR scan alert path of demo-api (prod) for 6h.** EventBridge is not delivering to Datadog: an image with CRITICAL vulnerabilities would page nobody.\nCheck in account 222222222222, ap-northeast-1: the dead-letter queue `demo-api-prod-scan-findings-dlq` (its messages' ERROR_CODE and ERROR_MESSAGE say why), the API destination `demo-api-prod-datadog-logs` and its connection (a revoked or rotated DD-API-KEY), the rule `demo-api-prod-alert-heartbeat`. See docs/alerting.md, \"When Datadog is down\".{{/is_alert}}{{#is_recovery}}Heartbeats arrive again: the alert path delivers.{{/is_recovery}}\n\n@slack-demo-api-alerts",
    );
  });
});
