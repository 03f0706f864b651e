import { alertRoutes, heartbeatLog } from "../../../constructs/alerting/scan-findings-events";
import { transformInput } from "../../support/input-transformer";
import { basicScan, inspectorFinding, inspectorScan, scheduledEvent, type ScanEvent } from "../../support/scan-events";

// The logs the route builders make (scan-findings-alert.test.ts checks that the stack deploys these routes;
// alert-corpus.test.ts which events each route matches).

const where = { service: "demo-api", environment: "prod", team: "demo-api", accountId: "222222222222", region: "ap-northeast-1" };
const place = { account: "222222222222", region: "ap-northeast-1", repository: "demo-api" };
const routes = alertRoutes({ ...where, repositories: ["demo-api"], criticalThreshold: 1 });

/** The log Datadog receives when the route named like the prod rule `ruleName` sends `event`. */
function sentToDatadog(ruleName: string, event: ScanEvent): Record<string, any> {
  const route = routes.find((r) => `demo-api-prod-${r.id}` === ruleName);
  if (!route) throw new Error(`no route for ${ruleName}`);
  return JSON.parse(transformInput(route.log.inputPaths, route.log.inputTemplate, event));
}

describe("the logs Datadog receives (prod)", () => {
  it("keeps the basic-scan schema: what the monitor and the on-call engineer need", () => {
    const event = basicScan(place, (e) => Object.assign(e.detail, { "finding-severity-counts": { CRITICAL: 7, HIGH: 12 }, "image-tags": ["v1.2.3"] }));
    expect(sentToDatadog("demo-api-prod-scan-critical", event)).toEqual({
      ddsource: "amazon_ecr",
      service: "demo-api",
      ddtags: "env:prod,service:demo-api,team:demo-api,repository:demo-api",
      status: "critical",
      evt: { name: "ecr_image_scan_critical_findings" },
      message: "ECR Image Scan: 7 CRITICAL vulnerabilities in demo-api@sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234 (prod)",
      scan_event: "ECR Image Scan",
      repository: "demo-api",
      image_digest: "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
      image_tags: ["v1.2.3"],
      critical_count: 7,
      finding_severity_counts: { CRITICAL: 7, HIGH: 12 },
      aws_account: "222222222222",
      aws_region: "ap-northeast-1",
      scan_time: "2019-10-29T02:36:48Z",
    });
  });

  it("logs an untagged image's tags as an empty list, as before", () => {
    expect(sentToDatadog("demo-api-prod-scan-critical-untagged", basicScan(place)).image_tags).toEqual([]);
  });

  it("logs an Inspector2 Scan in the same schema, naming the repository as the event does (by ARN)", () => {
    expect(sentToDatadog("demo-api-prod-scan-critical", inspectorScan(place))).toMatchObject({
      status: "critical",
      evt: { name: "ecr_image_scan_critical_findings" },
      scan_event: "Inspector2 Scan",
      repository: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api",
      image_digest: "sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE",
      image_tags: ["latest"],
      critical_count: 7,
      finding_severity_counts: { CRITICAL: 7, HIGH: 61, MEDIUM: 62, TOTAL: 158 },
    });
  });

  it("logs an Inspector2 Finding in the same schema, one CRITICAL finding named by its vulnerability", () => {
    const event = inspectorFinding(place, (e) => (e.detail.severity = "CRITICAL"));
    expect(sentToDatadog("demo-api-prod-finding-critical", event)).toMatchObject({
      status: "critical",
      evt: { name: "ecr_image_scan_critical_findings" },
      scan_event: "Inspector2 Finding",
      repository: "demo-api",
      image_digest: "sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d",
      image_tags: ["ubuntu_latest"],
      critical_count: 1,
      vulnerability_id: "CVE-2024-6119",
      message: "Inspector2 Finding: CRITICAL CVE-2024-6119 in demo-api@sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d (prod)",
    });
  });

  it("says the status in a not-scanned warning", () => {
    const event = basicScan(place, (e) => (e.detail["scan-status"] = "UNSUPPORTED_IMAGE"));
    expect(sentToDatadog("demo-api-prod-not-scanned", event)).toMatchObject({
      status: "warn",
      evt: { name: "ecr_image_scan_failed" },
      scan_status: "UNSUPPORTED_IMAGE",
      message: expect.stringContaining("was not scanned (status UNSUPPORTED_IMAGE)"),
    });
  });

  it("never sets the log's date, so a retried or replayed log still lands inside the monitor window", () => {
    for (const template of [...routes.map((r) => r.log.inputTemplate), heartbeatLog(where).inputTemplate]) {
      expect(template).not.toMatch(/"(timestamp|date)":/);
    }
  });

  it("sends the heartbeat as an info log without a repository tag", () => {
    const { inputPaths, inputTemplate } = heartbeatLog(where);
    expect(JSON.parse(transformInput(inputPaths, inputTemplate, scheduledEvent("222222222222", "ap-northeast-1")))).toEqual({
      ddsource: "amazon_ecr",
      service: "demo-api",
      ddtags: "env:prod,service:demo-api,team:demo-api",
      status: "info",
      evt: { name: "alert_path_heartbeat" },
      message: "Heartbeat: EventBridge delivered to the Datadog Logs intake for demo-api (prod)",
      sent_at: scheduledEvent("222222222222", "ap-northeast-1").time,
    });
  });
});

