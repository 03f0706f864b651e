import { environment } from "../../support/config";
import { resourcesOf, synthStack, type TerraformJson } from "../../support/synth";

function monitors(tf: TerraformJson): { alert: TerraformJson; warning: TerraformJson } {
  const all = resourcesOf(tf, "datadog_monitor").map(([, m]) => m);
  const byName = (part: string) => {
    const found = all.filter((m) => m.name.includes(part));
    if (found.length !== 1) throw new Error(`expected one monitor named *${part}*, found ${found.length}`);
    return found[0];
  };
  return { alert: byName("CRITICAL vulnerabilities"), warning: byName("scan FAILED") };
}

describe.each([
  { env: "prod", handle: "@oncall-demo-api", warningHandle: "@slack-demo-api-alerts", priority: "2", warningPriority: "4", renotify: 60 },
  { env: "poc", handle: "@slack-demo-api-alerts-poc", warningHandle: "@slack-demo-api-alerts-poc", priority: "3", warningPriority: "5", renotify: 1440 },
])("$env L2 monitors (example fixture)", ({ env, handle, warningHandle, priority, warningPriority, renotify }) => {
  const { alert, warning } = monitors(synthStack(env));

  it("names the environment and the repository", () => {
    expect(alert.name).toBe(`[L2][${env}] demo-api: CRITICAL vulnerabilities found by ECR image scan`);
  });

  it("alerts on one or more CRITICAL-findings logs of this environment and repository in the last 2 days", () => {
    expect(alert.type).toBe("log alert");
    expect(alert.query).toBe(
      `logs("source:amazon_ecr service:demo-api env:${env} repository:demo-api @evt.name:ecr_image_scan_critical_findings")` +
        '.index("*").rollup("count").last("2d") >= 1',
    );
    expect(alert.monitor_thresholds).toEqual({ critical: "1" });
  });

  it(`notifies ${handle} outside any status block, so the recovery reaches it too`, () => {
    const outsideBlocks = alert.message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, "");
    expect(outsideBlocks).toContain(handle);
    expect(alert.message.match(/@[\w-]+/g)).toEqual([handle]);
  });

  it("tells what happened, how to look and how to fix it", () => {
    expect(alert.enable_logs_sample).toBe(true);
    expect(alert.message).toContain(
      "aws ecr describe-image-scan-findings --registry-id " +
        `${env === "prod" ? "222222222222" : "111111111111"} --region ap-northeast-1 --repository-name demo-api`,
    );
    expect(alert.message).toMatch(/1\. Update the vulnerable package[\s\S]*2\. Build and push[\s\S]*3\. Confirm the rescan[\s\S]*4\. Redeploy/);
  });

  it(`is priority ${priority}, re-notifies every ${renotify} minutes while in alert, and treats no data as normal`, () => {
    expect(alert).toMatchObject({ priority, renotify_interval: renotify, renotify_statuses: ["alert"], notify_no_data: false });
  });

  it("is tagged for service, environment, team and monitor level", () => {
    expect(alert.tags).toEqual(["service:demo-api", `env:${env}`, "team:demo-api", "monitor_level:l2"]);
  });

  it(`warns ${warningHandle} at priority ${warningPriority} about failed scans, without re-notifying`, () => {
    expect(warning.query).toContain("@evt.name:ecr_image_scan_failed");
    expect(warning.message.match(/@[\w-]+/g)).toEqual([warningHandle]);
    expect(warning.priority).toBe(warningPriority);
    expect(warning.renotify_interval).toBeUndefined();
  });
});

describe("PagerDuty routing", () => {
  const { alert } = monitors(
    synthStack(environment("prod", (c) => (c.environments.prod.datadog.routing = { type: "pagerduty", service: "demo-api-prod" }))),
  );

  it("pages the configured PagerDuty service", () => {
    expect(alert.message.match(/@[\w-]+/g)).toEqual(["@pagerduty-demo-api-prod"]);
  });
});

describe("one monitor pair per repository", () => {
  const tf = synthStack(
    environment("poc", (c) => {
      const second = structuredClone(c.environments.poc.repositories[0]);
      second.name = "team/worker";
      c.environments.poc.repositories.push(second);
    }),
  );

  it("gives each repository its own CRITICAL-findings alert, escaping '/' in the search", () => {
    const names = resourcesOf(tf, "datadog_monitor").map(([, m]) => m.name).filter((n) => n.includes("CRITICAL"));
    expect(names.sort()).toEqual([
      "[L2][poc] demo-api: CRITICAL vulnerabilities found by ECR image scan",
      "[L2][poc] team/worker: CRITICAL vulnerabilities found by ECR image scan",
    ]);
    const worker = resourcesOf(tf, "datadog_monitor").find(([, m]) => m.name.includes("team/worker: CRITICAL"))![1];
    expect(worker.query).toContain("repository:team\\/worker ");
  });

  it("sends both repositories' scans through one rule", () => {
    const rule = resourcesOf(tf, "aws_cloudwatch_event_rule").find(([, r]) => r.name.endsWith("critical-findings"))![1];
    expect(JSON.parse(rule.event_pattern).detail["repository-name"]).toEqual(["demo-api", "team/worker"]);
  });
});
