import { matchesEventPattern } from "../support/event-pattern";
import { configErrorFor, environment } from "../support/config";
import { onlyResource, resourcesOf, synthStack } from "../support/synth";

describe("datadog config errors", () => {
  it("rejects an unknown Datadog site", () => {
    expect(configErrorFor((c) => (c.environments.poc.datadog.site = "ap3.datadoghq.com"))).toContain(
      'poc.datadog.site: expected one of "datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com"',
    );
  });

  it("rejects an empty notification target in prod", () => {
    expect(configErrorFor((c) => (c.environments.prod.datadog.routing = { type: "oncall", team: "" }))).toContain(
      'prod.datadog.routing.team: expected the Datadog On-Call team handle (e.g. "demo-api"); an empty name would notify nobody',
    );
  });

  it("rejects a production route that does not page", () => {
    expect(configErrorFor((c) => (c.environments.prod.datadog.routing = { type: "slack", channel: "demo-api-alerts" }))).toContain(
      "prod.datadog.routing: a production alert must page: expected {\"type\": \"oncall\", \"team\": ...} or {\"type\": \"pagerduty\", \"service\": ...}, got a Slack channel",
    );
  });

  it("rejects a production page at a priority lower than 2", () => {
    expect(configErrorFor((c) => (c.environments.prod.datadog.priority = 3))).toContain(
      "prod.datadog.priority: a production page is priority 1 or 2, got 3.",
    );
  });

  it("rejects a paging production route with no Slack channel for scan-failure warnings", () => {
    expect(configErrorFor((c) => delete c.environments.prod.datadog.warningRouting)).toContain(
      'prod.datadog.warningRouting: is required when "routing" pages: scan failures are warnings and must not page.',
    );
  });

  it("rejects scan-failure warnings that page", () => {
    expect(configErrorFor((c) => (c.environments.prod.datadog.warningRouting = { type: "pagerduty", service: "demo-api-prod" }))).toContain(
      'prod.datadog.warningRouting: scan failures must not page: expected {"type": "slack", "channel": ...}, got "pagerduty".',
    );
  });

  it("rejects a non-production environment that pages", () => {
    expect(configErrorFor((c) => (c.environments.poc.datadog.routing = { type: "oncall", team: "demo-api" }))).toContain(
      'poc.datadog.routing: a non-production environment must not page: expected {"type": "slack", "channel": ...}, got "oncall".',
    );
  });

  it("rejects a non-production alert at a priority higher than 3", () => {
    expect(configErrorFor((c) => (c.environments.poc.datadog.priority = 1))).toContain(
      "poc.datadog.priority: a non-production alert is priority 3 or lower (3-5), got 1.",
    );
  });

  it("rejects a critical threshold below 1", () => {
    expect(configErrorFor((c) => (c.environments.poc.datadog.criticalThreshold = 0))).toContain(
      "poc.datadog.criticalThreshold: expected a positive integer",
    );
  });
});

describe("datadog config defaults", () => {
  const minimal = environment("prod", (c) => {
    const dd = c.environments.prod.datadog;
    for (const key of ["priority", "criticalThreshold", "apiKey"]) delete dd[key];
  });

  it("alerts from one CRITICAL finding with a Terraform-created API key", () => {
    expect(minimal.datadog).toMatchObject({ criticalThreshold: 1, apiKey: { source: "create" } });
  });

  it("pages production at priority 2", () => {
    const [alert] = resourcesOf(synthStack(minimal), "datadog_monitor").map(([, m]) => m).filter((m) => m.name.includes("CRITICAL"));
    expect(alert.priority).toBe("2");
  });
});

describe("critical threshold", () => {
  const tf = synthStack(environment("poc", (c) => (c.environments.poc.datadog.criticalThreshold = 3)));
  const rule = resourcesOf(tf, "aws_cloudwatch_event_rule").find(([, r]) => r.name === "demo-api-poc-scan-critical-untagged")![1];
  const scan = (critical: number) => ({
    source: "aws.ecr",
    "detail-type": "ECR Image Scan",
    account: "111111111111",
    detail: { "scan-status": "COMPLETE", "repository-name": "demo-api", "finding-severity-counts": { CRITICAL: critical } },
  });

  it("sends completed scans (untagged, as the scan carries no tags) at or above the configured CRITICAL count and ignores those below", () => {
    const pattern = JSON.parse(rule.event_pattern);
    expect([2, 3, 4].map((n) => matchesEventPattern(pattern, scan(n)))).toEqual([false, true, true]);
  });
});

describe("API key from a Terraform variable", () => {
  const tf = synthStack(environment("prod", (c) => (c.environments.prod.datadog.apiKey = { source: "variable" })));

  it("creates no Datadog API key", () => {
    expect(resourcesOf(tf, "datadog_api_key")).toEqual([]);
  });

  it("reads the key from the sensitive variable datadog_api_key, with no default", () => {
    expect(tf.variable.datadog_api_key).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(tf.variable.datadog_api_key.default).toBeUndefined();
    expect(onlyResource(tf, "aws_cloudwatch_event_connection").auth_parameters.api_key.value).toBe("${var.datadog_api_key}");
  });
});
