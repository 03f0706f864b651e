import { exceptPrincipals } from "../guard";
import { policyDocument, type PolicyDocument } from "../policy-document";

const EVENTS_SERVICE = "events.amazonaws.com";

/** EventBridge may assume the delivery role only on behalf of these rules (no confused deputy). */
export function eventsTrustPolicy(accountId: string, ruleArns: readonly string[]): PolicyDocument {
  return policyDocument({
    Sid: "EventBridgeRulesOfThisAccount",
    Effect: "Allow",
    Principal: { Service: EVENTS_SERVICE },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ArnEquals: { "aws:SourceArn": ruleArns },
    },
  });
}

/** The delivery role can call this one API destination and nothing else. */
export function invokeApiDestinationPolicy(apiDestinationArn: string): PolicyDocument {
  return policyDocument({
    Sid: "InvokeDatadogLogsIntake",
    Effect: "Allow",
    Action: "events:InvokeApiDestination",
    Resource: apiDestinationArn,
  });
}

/** Only these rules (through EventBridge) may put undeliverable events in the dead-letter queue. */
export function deadLetterQueuePolicy(queueArn: string, ruleArns: readonly string[]): PolicyDocument {
  return policyDocument({
    Sid: "DeadLettersFromTheScanFindingRules",
    Effect: "Allow",
    Principal: { Service: EVENTS_SERVICE },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
  });
}

/** What would drain the dead-letter queue, re-point it or let someone else do so (SQS API actions). */
export const GUARDED_QUEUE_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:PurgeQueue",
  "sqs:StartMessageMoveTask",
  "sqs:CancelMessageMoveTask",
  "sqs:SetQueueAttributes",
  "sqs:AddPermission",
  "sqs:RemovePermission",
  "sqs:DeleteQueue",
] as const;

/**
 * `policy` plus, when administrators are given, a Deny of `GUARDED_QUEUE_ACTIONS` to every IAM principal but
 * them (docs/security.md). EventBridge, a service principal, still delivers dead letters.
 */
export function withDeadLetterQueueGuard(policy: PolicyDocument, queueArn: string, administratorArns?: readonly string[]): PolicyDocument {
  if (administratorArns === undefined) return policy;
  return policyDocument(...policy.Statement, {
    Sid: "DenyDrainingOrChangingToEveryoneElse",
    Effect: "Deny",
    Principal: "*",
    Action: GUARDED_QUEUE_ACTIONS,
    Resource: queueArn,
    Condition: exceptPrincipals(administratorArns),
  });
}
