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
