import {
  deadLetterQueuePolicy,
  eventsTrustPolicy,
  invokeApiDestinationPolicy,
  withDeadLetterQueueGuard,
} from "../../../constructs/alerting/scan-findings-policies";
import { policyDocument } from "../../../constructs/policy-document";
import { decide, decideAsService } from "../../support/iam";
import { DEAD_LETTER_QUEUE_CHANGES } from "../../support/guarded-actions";

// The alert path's policies alone, as IAM evaluates them (scan-findings-alert.test.ts and registry-guards.test.ts
// check what the stacks deploy).

const ACCOUNT = "222222222222";
const RULES = ["scan-critical", "not-scanned"].map((id) => `arn:aws:events:ap-northeast-1:${ACCOUNT}:rule/demo-api-prod-${id}`);
const OTHER_RULE = `arn:aws:events:ap-northeast-1:${ACCOUNT}:rule/someone-elses-rule`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-api-prod-scan-findings-to-datadog`;
const QUEUE = `arn:aws:sqs:ap-northeast-1:${ACCOUNT}:demo-api-prod-scan-findings-dlq`;
const DESTINATION = `arn:aws:events:ap-northeast-1:${ACCOUNT}:api-destination/demo-api-prod-datadog-logs/0a1b2c3d`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/demo-api-terraform-deploy`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/analytics-batch`;
const everything = (service: string) => policyDocument({ Effect: "Allow", Action: `${service}:*`, Resource: "*" });

describe("who may assume the delivery role", () => {
  const trust = eventsTrustPolicy(ACCOUNT, RULES);
  const assume = (principal: string, context: Record<string, string>) =>
    decideAsService({ principal, action: "sts:AssumeRole", resource: ROLE }, { resource: trust }, context);

  it.each(RULES)("EventBridge, for rule %s of this account", async (rule) => {
    expect(await assume("events.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": rule })).toBe("Allowed");
  });

  it("not EventBridge for another rule (no confused deputy)", async () => {
    expect(await assume("events.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OTHER_RULE })).toBe("ImplicitlyDenied");
  });

  it("not EventBridge on behalf of another account", async () => {
    expect(await assume("events.amazonaws.com", { "aws:SourceAccount": "333333333333", "aws:SourceArn": RULES[0] })).toBe("ImplicitlyDenied");
  });

  it("not another service", async () => {
    expect(await assume("lambda.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": RULES[0] })).toBe("ImplicitlyDenied");
  });
});

describe("what the delivery role may do", () => {
  const permissions = invokeApiDestinationPolicy(DESTINATION);

  it("invoke the Datadog API destination", async () => {
    expect(await decide({ principal: ROLE, action: "events:InvokeApiDestination", resource: DESTINATION }, { identity: [permissions] })).toBe("Allowed");
  });

  it("nothing else: not another destination, not another action", async () => {
    const other = `arn:aws:events:ap-northeast-1:${ACCOUNT}:api-destination/elsewhere/0a1b2c3d`;
    expect(await decide({ principal: ROLE, action: "events:InvokeApiDestination", resource: other }, { identity: [permissions] })).toBe("ImplicitlyDenied");
    expect(await decide({ principal: ROLE, action: "events:DeleteApiDestination", resource: DESTINATION }, { identity: [permissions] })).toBe("ImplicitlyDenied");
  });
});

describe("the dead-letter queue", () => {
  const open = deadLetterQueuePolicy(QUEUE, RULES);
  const guarded = withDeadLetterQueueGuard(open, QUEUE, [DEPLOYER]);
  const send = (policy: typeof open, principal: string, rule: string) =>
    decideAsService({ principal, action: "sqs:SendMessage", resource: QUEUE }, { resource: policy }, { "aws:SourceArn": rule });

  it.each([
    ["without the guard", open],
    ["with the guard", guarded],
  ])("takes dead letters from EventBridge for the path's rules %s", async (_, policy) => {
    expect(await send(policy, "events.amazonaws.com", RULES[1])).toBe("Allowed");
  });

  it("takes none for another rule, or from another service", async () => {
    expect(await send(open, "events.amazonaws.com", OTHER_RULE)).toBe("ImplicitlyDenied");
    expect(await send(open, "sns.amazonaws.com", RULES[0])).toBe("ImplicitlyDenied");
  });

  it.each(DEAD_LETTER_QUEUE_CHANGES)("under the guard denies %s to a role allowed sqs:*, and lets the administrators", async (action) => {
    expect(await decide({ principal: OTHER, action, resource: QUEUE }, { resource: guarded, identity: [everything("sqs")] })).toBe("ExplicitlyDenied");
    expect(await decide({ principal: DEPLOYER, action, resource: QUEUE }, { resource: guarded, identity: [everything("sqs")] })).toBe("Allowed");
  });

  it("without the guard leaves draining to IAM", async () => {
    expect(withDeadLetterQueueGuard(open, QUEUE, undefined)).toBe(open);
    expect(await decide({ principal: OTHER, action: "sqs:PurgeQueue", resource: QUEUE }, { resource: open, identity: [everything("sqs")] })).toBe("Allowed");
  });
});

it("names every statement of the alert path's policies, as the console and CloudTrail show them", () => {
  const sids = [
    eventsTrustPolicy(ACCOUNT, RULES),
    invokeApiDestinationPolicy(DESTINATION),
    withDeadLetterQueueGuard(deadLetterQueuePolicy(QUEUE, RULES), QUEUE, [DEPLOYER]),
  ].map((policy) => policy.Statement.map((s) => s.Sid));
  expect(sids).toEqual([["EventBridgeRulesOfThisAccount"], ["InvokeDatadogLogsIntake"], ["DeadLettersFromTheScanFindingRules", "DenyDrainingOrChangingToEveryoneElse"]]);
});
