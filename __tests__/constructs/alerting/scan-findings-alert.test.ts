import { readFileSync } from "node:fs";
import * as path from "node:path";
import { matchesEventPattern } from "../../support/event-pattern";
import { transformInput } from "../../support/input-transformer";
import { onlyResource, resourceUnder, resourcesOf, synthStack, type TerraformJson } from "../../support/synth";

type ScanEvent = Record<string, any>;

/** The ECR user guide's sample scan event, renamed to demo-api in the prod account. */
function sampleEvent(edit: (event: ScanEvent) => void = () => {}): ScanEvent {
  const file = path.join(__dirname, "..", "..", "fixtures", "events", "ecr-image-scan.json");
  const event = JSON.parse(readFileSync(file, "utf8"));
  event.account = "222222222222";
  event.region = "ap-northeast-1";
  event.resources = ["arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api"];
  event.detail["repository-name"] = "demo-api";
  edit(event);
  return event;
}

const tf = synthStack("prod");

function ruleNamed(suffix: string): { pattern: TerraformJson; target: TerraformJson } {
  const [[id, rule]] = resourcesOf(tf, "aws_cloudwatch_event_rule").filter(([, r]) => r.name.endsWith(suffix));
  const [[, target]] = resourcesOf(tf, "aws_cloudwatch_event_target").filter(([, t]) => t.rule.includes(`.${id}.`));
  return { pattern: JSON.parse(rule.event_pattern), target };
}

const critical = ruleNamed("-ecr-scan-critical-findings");
const failed = ruleNamed("-ecr-scan-failed");

function sentToDatadog(rule: typeof critical, event: ScanEvent): Record<string, any> {
  const { input_paths, input_template } = rule.target.input_transformer;
  return JSON.parse(transformInput(input_paths, input_template, event));
}

const reaching: [string, ScanEvent][] = [
  ["the sample (10 CRITICAL, no tags)", sampleEvent()],
  ["one CRITICAL finding", sampleEvent((e) => (e.detail["finding-severity-counts"] = { CRITICAL: 1 }))],
  ["many CRITICAL with HIGH", sampleEvent((e) => (e.detail["finding-severity-counts"] = { CRITICAL: 7, HIGH: 12, LOW: 3 }))],
  ["a tagged image", sampleEvent((e) => (e.detail["image-tags"] = ["v1.2.3", "3f2c1ab"]))],
];

const notReaching: [string, ScanEvent][] = [
  ["no CRITICAL key", sampleEvent((e) => (e.detail["finding-severity-counts"] = { HIGH: 4, MEDIUM: 9 }))],
  ["empty counts", sampleEvent((e) => (e.detail["finding-severity-counts"] = {}))],
  ["another repository", sampleEvent((e) => (e.detail["repository-name"] = "other-api"))],
  ["a FAILED scan", sampleEvent((e) => (e.detail["scan-status"] = "FAILED"))],
  ["another detail-type", sampleEvent((e) => (e["detail-type"] = "ECR Image Action"))],
  ["another source", sampleEvent((e) => (e.source = "aws.inspector2"))],
  ["another account", sampleEvent((e) => (e.account = "333333333333"))],
];

describe("CRITICAL findings rule (prod)", () => {
  it.each(reaching)("sends %s to Datadog", (_, event) => {
    expect(matchesEventPattern(critical.pattern, event)).toBe(true);
  });

  it.each(notReaching)("ignores %s", (_, event) => {
    expect(matchesEventPattern(critical.pattern, event)).toBe(false);
  });

  it.each(reaching)("turns %s into one valid JSON log", (_, event) => {
    expect(() => sentToDatadog(critical, event)).not.toThrow();
  });

  it("logs what the monitor and the on-call engineer need", () => {
    const log = sentToDatadog(critical, reaching[2][1]);
    expect(log).toMatchObject({
      ddsource: "amazon_ecr",
      service: "demo-api",
      ddtags: "env:prod,service:demo-api,team:demo-api,repository:demo-api",
      evt: { name: "ecr_image_scan_critical_findings" },
      repository: "demo-api",
      image_digest: "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
      image_tags: [],
      critical_count: 7,
      finding_severity_counts: { CRITICAL: 7, HIGH: 12 },
      aws_account: "222222222222",
      aws_region: "ap-northeast-1",
      scan_time: "2019-10-29T02:36:48Z",
    });
    expect(log.message).toBe("ECR image scan: 7 CRITICAL vulnerabilities in demo-api@sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234 (prod)");
    expect(log.console_url).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/ecr\/repositories\/private\/222222222222\/demo-api\/_\/image\/sha256:7f5b/);
  });

  it("keeps the image's tags as a JSON array", () => {
    expect(sentToDatadog(critical, reaching[3][1]).image_tags).toEqual(["v1.2.3", "3f2c1ab"]);
  });

  it("does not set the log's date, so a retried or replayed log still lands inside the monitor window", () => {
    const log = sentToDatadog(critical, sampleEvent());
    expect(log).not.toHaveProperty("timestamp");
    expect(log).not.toHaveProperty("date");
  });
});

describe("failed-scan rule (prod)", () => {
  it("sends a FAILED scan as a warning log", () => {
    const event = sampleEvent((e) => {
      e.detail["scan-status"] = "FAILED";
      delete e.detail["finding-severity-counts"];
    });
    expect(matchesEventPattern(failed.pattern, event)).toBe(true);
    expect(sentToDatadog(failed, event)).toMatchObject({ status: "warn", evt: { name: "ecr_image_scan_failed" }, repository: "demo-api" });
  });

  it("ignores completed scans, even with CRITICAL findings (they page through the other rule)", () => {
    expect(matchesEventPattern(failed.pattern, sampleEvent())).toBe(false);
  });
});

describe("delivery to Datadog (prod)", () => {
  const connection = onlyResource(tf, "aws_cloudwatch_event_connection");
  const destination = onlyResource(tf, "aws_cloudwatch_event_api_destination");
  const queue = onlyResource(tf, "aws_sqs_queue");
  const [[queueId]] = resourcesOf(tf, "aws_sqs_queue");
  const ruleRefs = resourcesOf(tf, "aws_cloudwatch_event_rule").map(([id]) => `\${aws_cloudwatch_event_rule.${id}.arn}`);

  it("posts to the Logs intake of the configured Datadog site", () => {
    expect(destination).toMatchObject({ invocation_endpoint: "https://http-intake.logs.ap1.datadoghq.com/api/v2/logs", http_method: "POST" });
  });

  it("authenticates with the DD-API-KEY header holding the Terraform-created key, never a literal", () => {
    expect(connection.authorization_type).toBe("API_KEY");
    expect(connection.auth_parameters.api_key).toEqual({ key: "DD-API-KEY", value: expect.stringMatching(/^\$\{datadog_api_key\.[\w-]+\.key\}$/) });
  });

  it.each([["critical findings", critical], ["failed scans", failed]])("retries %s for a day, then dead-letters them", (_, rule) => {
    expect(rule.target.retry_policy).toEqual({ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 });
    expect(rule.target.dead_letter_config.arn).toBe(`\${aws_sqs_queue.${queueId}.arn}`);
  });

  it("encrypts dead letters and keeps them two weeks", () => {
    expect(queue).toMatchObject({ sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
  });

  it("lets only the two rules, through EventBridge, send to the dead-letter queue", () => {
    const policy = JSON.parse(onlyResource(tf, "aws_sqs_queue_policy").policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: { ArnEquals: { "aws:SourceArn": ruleRefs } },
      }),
    ]);
  });

  it("lets the delivery role invoke this API destination and nothing else", () => {
    const policy = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "scan-findings-alert").policy);
    const [[destinationId]] = resourcesOf(tf, "aws_cloudwatch_event_api_destination");
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Action: "events:InvokeApiDestination",
        Resource: `\${aws_cloudwatch_event_api_destination.${destinationId}.arn}`,
      }),
    ]);
  });

  it("lets EventBridge assume the delivery role only for these rules of this account", () => {
    const trust = JSON.parse(resourceUnder(tf, "aws_iam_role", "scan-findings-alert").assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": ruleRefs } },
      }),
    ]);
  });
});
