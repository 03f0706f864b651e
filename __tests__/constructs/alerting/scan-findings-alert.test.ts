import { alertRoutes } from "../../../constructs/alerting/scan-findings-events";
import { environment } from "../../support/config";
import { transformInput } from "../../support/input-transformer";
import { scheduledEvent } from "../../support/scan-events";
import { onlyResource, resourceUnder, resourcesOf, synthStack, type TerraformJson } from "../../support/synth";

const tf = synthStack("prod");

function ruleNamed(name: string): { id: string; rule: TerraformJson; target: TerraformJson } {
  const [[id, rule]] = resourcesOf(tf, "aws_cloudwatch_event_rule").filter(([, r]) => r.name === name);
  const [[, target]] = resourcesOf(tf, "aws_cloudwatch_event_target").filter(([, t]) => t.rule.includes(`.${id}.`));
  return { id, rule, target };
}

const SCAN_RULES = ["scan-critical", "finding-critical", "scan-critical-untagged", "finding-critical-untagged", "not-scanned"].map((r) => `demo-api-prod-${r}`);
const ALL_RULES = [...SCAN_RULES, "demo-api-prod-alert-heartbeat"];

describe("the heartbeat (prod)", () => {
  const { rule, target } = ruleNamed("demo-api-prod-alert-heartbeat");

  it("runs every hour by default", () => {
    expect(rule.schedule_expression).toBe("rate(1 hour)");
  });

  it("runs at the configured interval", () => {
    const every3 = synthStack(environment("prod", (c) => (c.environments.prod.alerting.heartbeatHours = 3)));
    const [[, heartbeat]] = resourcesOf(every3, "aws_cloudwatch_event_rule").filter(([, r]) => r.name.endsWith("-alert-heartbeat"));
    expect(heartbeat.schedule_expression).toBe("rate(3 hours)");
  });

  it("sends a heartbeat log through the same API destination as the alerts", () => {
    expect(target.arn).toBe(ruleNamed("demo-api-prod-scan-critical").target.arn);
    const log = JSON.parse(transformInput(target.input_transformer.input_paths, target.input_transformer.input_template, scheduledEvent("222222222222", "ap-northeast-1")));
    expect(log).toEqual({
      ddsource: "amazon_ecr",
      service: "demo-api",
      ddtags: "env:prod,service:demo-api,team:demo-api",
      status: "info",
      evt: { name: "alert_path_heartbeat" },
      message: "Heartbeat: EventBridge delivered to the Datadog Logs intake for demo-api (prod)",
      sent_at: "2015-10-08T16:53:06Z",
    });
  });

  it("dead-letters a heartbeat it could not deliver within its interval, so the DLQ alarm fires", () => {
    expect(target.retry_policy.maximum_event_age_in_seconds).toBe(3600);
    expect(target.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\./);
  });
});

describe("delivery to Datadog (prod)", () => {
  const connection = onlyResource(tf, "aws_cloudwatch_event_connection");
  const destination = onlyResource(tf, "aws_cloudwatch_event_api_destination");
  const queue = onlyResource(tf, "aws_sqs_queue");
  const [[queueId]] = resourcesOf(tf, "aws_sqs_queue");
  const ruleRefs = ALL_RULES.map((name) => `\${aws_cloudwatch_event_rule.${ruleNamed(name).id}.arn}`);

  it("has the scan rules and the heartbeat, and no other rule", () => {
    expect(resourcesOf(tf, "aws_cloudwatch_event_rule").map(([, r]) => r.name).sort()).toEqual([...ALL_RULES].sort());
  });

  it("deploys each route's event pattern and log as the builder makes them, which the scan event corpus evaluates", () => {
    const where = { service: "demo-api", environment: "prod", team: "demo-api", accountId: "222222222222", region: "ap-northeast-1" };
    for (const route of alertRoutes({ ...where, repositories: ["demo-api"], criticalThreshold: 1 })) {
      const { rule, target } = ruleNamed(`demo-api-prod-${route.id}`);
      expect(JSON.parse(rule.event_pattern)).toEqual(route.pattern);
      expect(target.input_transformer).toEqual({ input_paths: route.log.inputPaths, input_template: route.log.inputTemplate });
    }
  });

  it("posts to the Logs intake of the configured Datadog site", () => {
    expect(destination).toMatchObject({ invocation_endpoint: "https://http-intake.logs.ap1.datadoghq.com/api/v2/logs", http_method: "POST" });
  });

  it("authenticates with the DD-API-KEY header holding the Terraform-created key, never a literal", () => {
    expect(connection.authorization_type).toBe("API_KEY");
    expect(connection.auth_parameters.api_key).toEqual({ key: "DD-API-KEY", value: expect.stringMatching(/^\$\{datadog_api_key\.[\w-]+\.key\}$/) });
  });

  it.each(SCAN_RULES)("retries %s for a day, then dead-letters it", (name) => {
    const { target } = ruleNamed(name);
    expect(target.retry_policy).toEqual({ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 });
    expect(target.dead_letter_config.arn).toBe(`\${aws_sqs_queue.${queueId}.arn}`);
  });

  it("encrypts dead letters and keeps them two weeks", () => {
    expect(queue).toMatchObject({ name: "demo-api-prod-scan-findings-dlq", sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
  });

  it("lets only the path's rules, through EventBridge, send to the dead-letter queue", () => {
    const policy = JSON.parse(onlyResource(tf, "aws_sqs_queue_policy").policy);
    expect(policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow")).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: { ArnEquals: { "aws:SourceArn": expect.arrayContaining(ruleRefs) } },
      }),
    ]);
    expect(policy.Statement[0].Condition.ArnEquals["aws:SourceArn"]).toHaveLength(ruleRefs.length);
  });

  it("lets the delivery role invoke this API destination and nothing else", () => {
    const policy = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "scan-findings-alert").policy);
    const [[destinationId]] = resourcesOf(tf, "aws_cloudwatch_event_api_destination");
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Action: "events:InvokeApiDestination", Resource: `\${aws_cloudwatch_event_api_destination.${destinationId}.arn}` }),
    ]);
  });

  it("lets EventBridge assume the delivery role only for these rules of this account", () => {
    const trust = JSON.parse(resourceUnder(tf, "aws_iam_role", "scan-findings-alert").assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": expect.arrayContaining(ruleRefs) } },
      }),
    ]);
  });
});
