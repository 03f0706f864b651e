import type { DatadogRoute } from "../../../config/schema";
import { criticalFindingsMonitor, heartbeatMonitor, notScannedMonitor } from "../../../constructs/alerting/monitor-definitions";
import { alertRoutes, type AlertRouteProps } from "../../../constructs/alerting/scan-findings-events";
import { logsFor, rulesFor, type DeliveryRule } from "../../support/alert-path";
import { transformInput, type MissingPathReading } from "../../support/input-transformer";
import { alertingGroups, parseLogMonitorQuery } from "../../support/log-monitor";
import { matchesLogSearch } from "../../support/log-search";
import { basicScan, findingImage, inspectorFinding, inspectorScan, type EventPlace, type ScanEvent } from "../../support/scan-events";

type Outcome = "critical" | "warning" | "dropped";

/**
 * The corpus: AWS's samples (basic, Inspector2 Scan, Inspector2 Finding) and variants, each with the outcome
 * it must have. `critical` pages in production (Slack in poc); `warning` notifies Slack; `dropped` sends nothing.
 */
function corpus(place: EventPlace): [string, ScanEvent, Outcome][] {
  const elsewhere = { ...place, account: "333333333333" };
  const counts = (counts: Record<string, number>) => (e: ScanEvent) => (e.detail["finding-severity-counts"] = counts);
  const status = (value: string) => (e: ScanEvent) => {
    e.detail["scan-status"] = value;
    delete e.detail["finding-severity-counts"];
  };
  const critical = (edit: (e: ScanEvent) => void = () => {}) => (e: ScanEvent) => {
    e.detail.severity = "CRITICAL";
    edit(e);
  };
  return [
    // ECR Image Scan (basic scanning)
    ["basic: the ECR guide's sample (10 CRITICAL, untagged)", basicScan(place), "critical"],
    ["basic: CRITICAL 1", basicScan(place, counts({ CRITICAL: 1 })), "critical"],
    ["basic: CRITICAL 10, HIGH 12, tagged", basicScan(place, (e) => Object.assign(e.detail, { "finding-severity-counts": { CRITICAL: 10, HIGH: 12 }, "image-tags": ["v1.2.3", "3f2c1ab"] })), "critical"],
    ["basic: CRITICAL 3 and no image-tags field", basicScan(place, (e) => { counts({ CRITICAL: 3 })(e); delete e.detail["image-tags"]; }), "critical"],
    ["basic: CRITICAL 0", basicScan(place, counts({ CRITICAL: 0, HIGH: 2 })), "dropped"],
    ["basic: CRITICAL absent (HIGH and MEDIUM only)", basicScan(place, counts({ HIGH: 4, MEDIUM: 9 })), "dropped"],
    ["basic: no findings at all", basicScan(place, counts({})), "dropped"],
    ["basic: COMPLETE without finding-severity-counts", basicScan(place, (e) => delete e.detail["finding-severity-counts"]), "dropped"],
    ...(["FAILED", "UNSUPPORTED_IMAGE", "LIMIT_EXCEEDED", "SCAN_ELIGIBILITY_EXPIRED", "FINDINGS_UNAVAILABLE", "IMAGE_ARCHIVED", "A_STATUS_AWS_ADDS_LATER"].map(
      (s): [string, ScanEvent, Outcome] => [`basic: status ${s}`, basicScan(place, status(s)), "warning"],
    )),
    ["basic: FAILED with no image-tags field", basicScan(place, (e) => { status("FAILED")(e); delete e.detail["image-tags"]; }), "warning"],
    ...(["PENDING", "IN_PROGRESS", "ACTIVE"].map((s): [string, ScanEvent, Outcome] => [`basic: status ${s}`, basicScan(place, status(s)), "dropped"])),
    ["basic: another repository", basicScan({ ...place, repository: "other-api" }), "dropped"],
    ["basic: a name that only starts with demo-api", basicScan({ ...place, repository: "demo-api-old" }), "dropped"],
    ["basic: a FAILED scan of another repository", basicScan({ ...place, repository: "other-api" }, status("FAILED")), "dropped"],
    ["basic: another account", basicScan(elsewhere), "dropped"],
    ["basic: another detail-type (ECR Image Action)", basicScan(place, (e) => (e["detail-type"] = "ECR Image Action")), "dropped"],
    // Inspector2 Scan (enhanced scanning, initial scan)
    ["Inspector2 Scan: the ECR guide's sample (7 CRITICAL, tagged)", inspectorScan(place), "critical"],
    ["Inspector2 Scan: the Inspector guide's sample (CRITICAL 0)", inspectorScan(place, () => {}, true), "dropped"],
    ["Inspector2 Scan: CRITICAL 1", inspectorScan(place, counts({ CRITICAL: 1, TOTAL: 1 })), "critical"],
    ["Inspector2 Scan: CRITICAL 10", inspectorScan(place, counts({ CRITICAL: 10, TOTAL: 10 })), "critical"],
    ["Inspector2 Scan: CRITICAL absent", inspectorScan(place, counts({ HIGH: 61, TOTAL: 61 })), "dropped"],
    ["Inspector2 Scan: no image-tags field", inspectorScan(place, (e) => delete e.detail["image-tags"]), "critical"],
    ["Inspector2 Scan: the repository named by name, not ARN", inspectorScan(place, (e) => (e.detail["repository-name"] = place.repository)), "critical"],
    ["Inspector2 Scan: a status AWS adds later", inspectorScan(place, status("A_STATUS_AWS_ADDS_LATER")), "warning"],
    ["Inspector2 Scan: another repository", inspectorScan({ ...place, repository: "other-api" }), "dropped"],
    ["Inspector2 Scan: a name that only starts with demo-api", inspectorScan({ ...place, repository: "demo-api-old" }), "dropped"],
    ["Inspector2 Scan: another account", inspectorScan(elsewhere), "dropped"],
    // Inspector2 Finding (enhanced scanning, also continuous rescans)
    ["Inspector2 Finding: the Inspector guide's sample (MEDIUM)", inspectorFinding(place), "dropped"],
    ["Inspector2 Finding: the ECR guide's sample (MEDIUM)", inspectorFinding(place, () => {}, true), "dropped"],
    ["Inspector2 Finding: CRITICAL, ACTIVE", inspectorFinding(place, critical()), "critical"],
    ["Inspector2 Finding: the ECR guide's sample made CRITICAL", inspectorFinding(place, critical(), true), "critical"],
    ["Inspector2 Finding: CRITICAL on an untagged image (no imageTags)", inspectorFinding(place, critical((e) => delete findingImage(e).imageTags)), "critical"],
    ["Inspector2 Finding: severity HIGH", inspectorFinding(place, (e) => (e.detail.severity = "HIGH")), "dropped"],
    ["Inspector2 Finding: CRITICAL but CLOSED", inspectorFinding(place, critical((e) => (e.detail.status = "CLOSED"))), "dropped"],
    ["Inspector2 Finding: CRITICAL but SUPPRESSED", inspectorFinding(place, critical((e) => (e.detail.status = "SUPPRESSED"))), "dropped"],
    ["Inspector2 Finding: CRITICAL, another repository", inspectorFinding({ ...place, repository: "other-api" }, critical()), "dropped"],
    ["Inspector2 Finding: CRITICAL, a name that only starts with demo-api", inspectorFinding({ ...place, repository: "demo-api-old" }, critical()), "dropped"],
    ["Inspector2 Finding: CRITICAL, another account", inspectorFinding(elsewhere, critical()), "dropped"],
    ["Inspector2 Finding: CRITICAL, an image of another registry", inspectorFinding(place, critical((e) => (findingImage(e).registry = "333333333333"))), "dropped"],
    ["Inspector2 Finding: CRITICAL on a Lambda function", inspectorFinding(place, critical((e) => (e.detail.resources[0].type = "AWS_LAMBDA_FUNCTION"))), "dropped"],
  ];
}

const READINGS: MissingPathReading[] = ["nothing", "empty-string"];

/** The rules as EventBridge holds them: the builder's routes, named as the stack names them. */
function deliveryRulesOf(props: AlertRouteProps): DeliveryRule[] {
  return alertRoutes(props).map((r) => ({
    name: `${props.service}-${props.environment}-${r.id}`,
    pattern: JSON.parse(JSON.stringify(r.pattern)),
    scheduleExpression: undefined,
    inputPaths: r.log.inputPaths,
    inputTemplate: r.log.inputTemplate,
  }));
}

// The builders the stack wires (scan-findings-alert.test.ts checks that it deploys exactly these routes and
// critical-findings-monitor.test.ts the monitors it creates), with the example fixture's values per environment.
describe.each([
  { name: "poc", account: "111111111111", route: { type: "slack", channel: "demo-api-alerts-poc" } as DatadogRoute, priority: 3 },
  { name: "prod", account: "222222222222", route: { type: "oncall", team: "demo-api" } as DatadogRoute, priority: 2 },
])("$name: the scan event corpus", ({ name, account, route, priority }) => {
  const where = { service: "demo-api", environment: name, team: "demo-api", accountId: account, region: "ap-northeast-1" };
  const place = { account, region: "ap-northeast-1", repository: "demo-api" };
  const rules = deliveryRulesOf({ ...where, repositories: ["demo-api"], criticalThreshold: 1 });
  const warningRoute: DatadogRoute = { type: "slack", channel: "demo-api-alerts" };
  const names = { deadLetterQueueName: "dlq", apiDestinationName: "destination", heartbeatRuleName: "heartbeat" };
  const monitors = [
    criticalFindingsMonitor(where, route, priority),
    notScannedMonitor(where, warningRoute, priority),
    heartbeatMonitor({ ...where, ...names, heartbeatHours: 1 }, warningRoute, priority),
  ];
  const intended: Record<Outcome, string[]> = {
    critical: [`[L2][${name}] demo-api: CRITICAL vulnerabilities in a scanned image`],
    warning: [`[L2][${name}] demo-api: image not scanned (vulnerabilities unknown)`],
    dropped: [],
  };
  const events = corpus(place);
  const routed = events.filter(([, , outcome]) => outcome !== "dropped");

  it.each(events)("%s: %s", (_, event, outcome) => {
    const expected = { critical: /-(scan|finding)-critical(-untagged)?$/, warning: /-not-scanned$/, dropped: null }[outcome];
    const matched = rulesFor(rules, event).map((rule) => rule.name);
    if (expected === null) expect(matched).toEqual([]);
    else expect(matched).toEqual([expect.stringMatching(expected)]);
  });

  it.each(routed)("%s: the log is valid JSON whatever EventBridge renders for a missing path", (_, event) => {
    for (const reading of READINGS) {
      const [rule] = rulesFor(rules, event);
      expect(() => JSON.parse(transformInput(rule.inputPaths, rule.inputTemplate, event, reading))).not.toThrow();
    }
  });

  it.each(routed)("%s: counted by exactly the intended monitor (%s)", (_, event, outcome) => {
    for (const reading of READINGS) {
      const logs = logsFor(rules, event, reading);
      const counting = monitors.filter((m) => logs.some((log) => matchesLogSearch(parseLogMonitorQuery(m.query).search, log)));
      expect(counting.map((m) => m.name)).toEqual(intended[outcome]);
    }
  });

  it.each(routed)("%s: alerts once, for the image's digest", (_, event, outcome) => {
    const [monitor] = monitors.filter((m) => m.name === intended[outcome][0]);
    const digest = event.detail["image-digest"] ?? findingImage(event).imageHash;
    expect(alertingGroups(monitor.query, logsFor(rules, event))).toEqual([digest]);
  });
});

describe("prod with alerting.repositoryPrefix: the rules watch every repository starting with it", () => {
  const where = { service: "demo-api", environment: "prod", team: "demo-api", accountId: "222222222222", region: "ap-northeast-1" };
  const rules = deliveryRulesOf({ ...where, repositories: ["demo-api", "demo-api-worker"], repositoryPrefix: "demo-api", criticalThreshold: 1 });
  const at = (repository: string) => ({ account: "222222222222", region: "ap-northeast-1", repository });
  const critical = (e: ScanEvent) => (e.detail.severity = "CRITICAL");

  it.each([
    ["basic scan, by name", basicScan(at("demo-api-worker"))],
    ["Inspector2 Scan, by ARN", inspectorScan(at("demo-api-worker"))],
    ["Inspector2 Finding", inspectorFinding(at("demo-api-worker"), critical)],
  ])("delivers a CRITICAL %s of a repository with the prefix to the CRITICAL rules", (_, event) => {
    expect(rulesFor(rules, event).map((rule) => rule.name)).toEqual([expect.stringMatching(/-(scan|finding)-critical(-untagged)?$/)]);
  });

  it("delivers a repository the config does not list but whose name has the prefix (the documented trade-off)", () => {
    expect(rulesFor(rules, basicScan(at("demo-api-old"))).map((rule) => rule.name)).toEqual([expect.stringMatching(/-scan-critical-untagged$/)]);
  });

  it.each([
    ["a repository without the prefix", basicScan(at("other-api"))],
    ["an Inspector finding of a repository without the prefix", inspectorFinding(at("other-api"), critical)],
    ["another account", basicScan({ ...at("demo-api-worker"), account: "333333333333" })],
  ])("drops %s", (_, event) => {
    expect(rulesFor(rules, event)).toEqual([]);
  });
});
