import { deliveryRules, logsFor } from "../../support/alert-path";
import { environment } from "../../support/config";
import { transformInput } from "../../support/input-transformer";
import { alertingGroups, parseLogMonitorQuery } from "../../support/log-monitor";
import { basicScan, findingImage, inspectorFinding, inspectorScan, scheduledEvent } from "../../support/scan-events";
import { resourcesOf, synthStack, type TerraformJson } from "../../support/synth";

function monitorNamed(tf: TerraformJson, part: string): TerraformJson {
  const found = resourcesOf(tf, "datadog_monitor").map(([, m]) => m).filter((m) => m.name.includes(part));
  if (found.length !== 1) throw new Error(`expected one monitor named *${part}*, found ${found.length}`);
  return found[0];
}

/** The message as it reads when the monitor alerts: every conditional block but `is_alert` removed. */
function alertText(message: string): string {
  return message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, (block, name) => (name === "is_alert" ? block : ""));
}

/** The message as it reads when the monitor recovers. */
function recoveryText(message: string): string {
  return message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, (block, name) => (name === "is_recovery" ? block : ""));
}

const handles = (text: string) => text.match(/@(oncall|pagerduty|slack)-[\w.-]+/g) ?? [];

describe.each([
  { env: "prod", account: "222222222222", handle: "@oncall-demo-api", warningHandle: "@slack-demo-api-alerts", priority: "2", warningPriority: "4" },
  { env: "poc", account: "111111111111", handle: "@slack-demo-api-alerts-poc", warningHandle: "@slack-demo-api-alerts-poc", priority: "3", warningPriority: "5" },
])("$env L2 monitors (example fixture)", ({ env, account, handle, warningHandle, priority, warningPriority }) => {
  const tf = synthStack(env);
  const alert = monitorNamed(tf, "CRITICAL vulnerabilities");
  const warning = monitorNamed(tf, "image not scanned");
  const heartbeat = monitorNamed(tf, "alert path silent");
  const rules = deliveryRules(tf);
  const place = { account, region: "ap-northeast-1", repository: "demo-api" };

  it("names the environment and the service", () => {
    expect(alert.name).toBe(`[L2][${env}] demo-api: CRITICAL vulnerabilities in a scanned image`);
  });

  it("counts CRITICAL logs of this environment (whose rules send only its repositories' scans), per image, over 15 minutes", () => {
    expect(alert.type).toBe("log alert");
    expect(alert.query).toBe(
      `logs("source:amazon_ecr service:demo\\-api env:${env} ` +
        '@evt.name:ecr_image_scan_critical_findings").index("*").rollup("count").by("@image_digest").last("15m") >= 1',
    );
    expect(alert.monitor_thresholds).toEqual({ critical: "1" });
  });

  // Latency: Datadog evaluates a window under 24 h every minute ("Configure Monitors", Evaluation frequency).
  it("evaluates a window of at most 15 minutes, so it is evaluated every minute", () => {
    expect(parseLogMonitorQuery(alert.query).window).toBe("15m");
  });

  it("alerts once per bad image, also while another image's alert is open", () => {
    const first = basicScan(place);
    const second = basicScan(place, (e) => (e.detail["image-digest"] = "sha256:2222222222222222222222222222222222222222222222222222222222222222"));
    expect(alertingGroups(alert.query, [...logsFor(rules, first), ...logsFor(rules, second)]).sort()).toEqual([
      "sha256:2222222222222222222222222222222222222222222222222222222222222222",
      "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
    ]);
  });

  it("alerts once for one image whose Inspector scan and findings all arrive", () => {
    const scan = inspectorScan(place);
    const digest = scan.detail["image-digest"];
    const finding = (cve: string) =>
      inspectorFinding(place, (e) => {
        e.detail.severity = "CRITICAL";
        e.detail.packageVulnerabilityDetails.vulnerabilityId = cve;
        findingImage(e).imageHash = digest;
      });
    const logs = [scan, finding("CVE-2024-0001"), finding("CVE-2024-0002")].flatMap((event) => logsFor(rules, event));
    expect(alertingGroups(alert.query, logs)).toEqual([digest]);
  });

  it(`notifies ${handle} when an image alerts, and nobody when the window passes: the page stays open until a person resolves it`, () => {
    expect(handles(alertText(alert.message))).toEqual([handle]);
    expect(handles(recoveryText(alert.message))).toEqual([]);
  });

  it("does not re-notify, escalate or auto-resolve by itself (reminders belong to the On-Call escalation policy)", () => {
    expect(alert.renotify_interval).toBeUndefined();
    expect(alert.escalation_message).toBeUndefined();
    expect(alert.timeout_h).toBeUndefined();
  });

  it("names the repository, the digest, the tags, the CRITICAL count and the registry's console page through template variables", () => {
    const text = alertText(alert.message);
    expect(text).toContain("Repository: `{{log.attributes.repository}}` (an Inspector2 Scan names it by ARN: the name follows `repository/`)");
    expect(text).toContain("Image digest: `{{@image_digest.name}}`");
    expect(text).toContain("Tags: {{log.attributes.image_tags}}");
    expect(text).toContain("CRITICAL findings: {{log.attributes.critical_count}}");
    expect(text).toContain("https://ap-northeast-1.console.aws.amazon.com/ecr/private-registry/repositories?region=ap-northeast-1");
    expect(text).not.toMatch(/log sample/i);
  });

  it("says how to look and how to fix it", () => {
    const text = alertText(alert.message);
    expect(text).toContain(
      `aws ecr describe-image-scan-findings --registry-id ${account} --region ap-northeast-1 --repository-name {{log.attributes.repository}} --image-id imageDigest={{@image_digest.name}}`,
    );
    expect(text).toMatch(/1\. Update the vulnerable package[\s\S]*2\. Build and push[\s\S]*3\. Confirm the new image[\s\S]*4\. Redeploy/);
  });

  it(`is priority ${priority} and treats no data as normal`, () => {
    expect(alert).toMatchObject({ priority, notify_no_data: false });
  });

  it("is tagged for service, environment, team and monitor level", () => {
    expect(alert.tags).toEqual(["service:demo-api", `env:${env}`, "team:demo-api", "monitor_level:l2"]);
  });

  it(`warns ${warningHandle} at priority ${warningPriority} about images not scanned, per image, naming the status`, () => {
    expect(warning.query).toBe(
      `logs("source:amazon_ecr service:demo\\-api env:${env} ` +
        '@evt.name:ecr_image_scan_failed").index("*").rollup("count").by("@image_digest").last("15m") >= 1',
    );
    expect(handles(warning.message)).toEqual([warningHandle]);
    expect(alertText(warning.message)).toContain("Scan status: {{log.attributes.scan_status}}");
    expect(warning.priority).toBe(warningPriority);
    expect(warning.renotify_interval).toBeUndefined();
  });

  describe("the heartbeat monitor", () => {
    const heartbeatRule = rules.find((r) => r.name === `demo-api-${env}-alert-heartbeat`)!;
    const beat = JSON.parse(transformInput(heartbeatRule.inputPaths, heartbeatRule.inputTemplate, scheduledEvent(account, "ap-northeast-1")));

    it("alerts when no heartbeat arrived in three hours (three missed hourly heartbeats)", () => {
      expect(heartbeat.query).toBe(`logs("source:amazon_ecr service:demo\\-api env:${env} @evt.name:alert_path_heartbeat").index("*").rollup("count").last("3h") < 1`);
      expect(alertingGroups(heartbeat.query, [])).toEqual(["*"]);
    });

    it("stays quiet while heartbeats arrive", () => {
      expect(alertingGroups(heartbeat.query, [beat])).toEqual([]);
    });

    it(`notifies the warning route ${warningHandle}, never a page, at priority ${warningPriority}`, () => {
      expect(handles(heartbeat.message)).toEqual([warningHandle]);
      expect(heartbeat.priority).toBe(warningPriority);
    });

    it("tells where to look: the DLQ, the API destination and its key, the rule", () => {
      expect(heartbeat.message).toContain(`demo-api-${env}-scan-findings-dlq`);
      expect(heartbeat.message).toContain(`demo-api-${env}-datadog-logs`);
      expect(heartbeat.message).toContain(`demo-api-${env}-alert-heartbeat`);
    });

    it("is not counted by the scan monitors, and counts no scan log", () => {
      expect(alertingGroups(alert.query, [beat])).toEqual([]);
      expect(alertingGroups(warning.query, [beat])).toEqual([]);
      expect(alertingGroups(heartbeat.query, logsFor(rules, basicScan(place)))).toEqual(["*"]);
    });
  });
});

describe("heartbeat interval", () => {
  const tf = synthStack(environment("prod", (c) => (c.environments.prod.alerting.heartbeatHours = 6)));

  it("warns after three missed heartbeats, a window still under 24 hours", () => {
    expect(parseLogMonitorQuery(monitorNamed(tf, "alert path silent").query).window).toBe("18h");
  });
});

describe("PagerDuty routing", () => {
  const alert = monitorNamed(
    synthStack(environment("prod", (c) => (c.environments.prod.datadog.routing = { type: "pagerduty", service: "demo-api-prod" }))),
    "CRITICAL vulnerabilities",
  );

  it("pages the configured PagerDuty service when an image alerts", () => {
    expect(handles(alertText(alert.message))).toEqual(["@pagerduty-demo-api-prod"]);
  });
});

describe("one monitor pair per environment, whatever the number of repositories", () => {
  const tf = synthStack(
    environment("poc", (c) => {
      const second = structuredClone(c.environments.poc.repositories[0]);
      second.name = "team/worker";
      c.environments.poc.repositories.push(second);
    }),
  );
  const rules = deliveryRules(tf);
  const place = { account: "111111111111", region: "ap-northeast-1", repository: "team/worker" };

  it("defines three monitors: the CRITICAL alert, the not-scanned warning and the heartbeat", () => {
    expect(resourcesOf(tf, "datadog_monitor").map(([, m]) => m.name).sort()).toEqual([
      "[L2][poc] demo-api: CRITICAL vulnerabilities in a scanned image",
      "[L2][poc] demo-api: image not scanned (vulnerabilities unknown)",
      "[L2][poc] demo-api: scan alert path silent (no heartbeat for 3h)",
    ]);
  });

  it("alerts for an image of the second repository too", () => {
    const scan = basicScan(place);
    expect(alertingGroups(monitorNamed(tf, "CRITICAL").query, logsFor(rules, scan))).toEqual([scan.detail["image-digest"]]);
  });

  it("sends both repositories' scans through the same rules", () => {
    const [[, rule]] = resourcesOf(tf, "aws_cloudwatch_event_rule").filter(([, r]) => r.name === "demo-api-poc-scan-critical");
    expect(JSON.parse(rule.event_pattern).detail["repository-name"]).toEqual([
      "demo-api",
      "team/worker",
      "arn:aws:ecr:ap-northeast-1:111111111111:repository/demo-api",
      "arn:aws:ecr:ap-northeast-1:111111111111:repository/team/worker",
    ]);
  });
});
