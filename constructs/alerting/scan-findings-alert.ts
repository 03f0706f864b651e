import { CloudwatchEventApiDestination } from "@cdktf/provider-aws/lib/cloudwatch-event-api-destination";
import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { datadogLogsIntakeUrl } from "../environment-providers";
import { scanFindingsAlertNames } from "../resource-names";
import {
  criticalFindingsLog,
  criticalFindingsPattern,
  scanFailedLog,
  scanFailedPattern,
  type EventPattern,
  type InputTransformer,
  type LogContext,
} from "./scan-findings-events";
import { deadLetterQueuePolicy, eventsTrustPolicy, invokeApiDestinationPolicy } from "./scan-findings-policies";

/** EventBridge's maximum retry budget: a Datadog outage up to a day loses nothing. */
export const RETRY_POLICY = { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 } as const;

/** SQS's maximum retention: two weeks to notice and replay dead letters. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export interface ScanFindingsAlertProps extends LogContext {
  /** Prefix of every resource name, e.g. `demo-api-prod`. */
  readonly namePrefix: string;
  /** The watched account (the default bus of the stack's provider). */
  readonly accountId: string;
  /** ECR repository names whose scans are sent. */
  readonly repositories: readonly string[];
  /** Datadog site, e.g. `ap1.datadoghq.com`; decides the Logs intake URL. */
  readonly site: string;
  /** The Datadog API key the connection sends as `DD-API-KEY`. A Terraform reference, never a literal. */
  readonly apiKey: string;
  /**
   * Smallest CRITICAL count that is sent.
   * @default 1
   */
  readonly criticalThreshold?: number;
}

interface Route {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly log: InputTransformer;
}

/**
 * ECR scan results -> EventBridge rules on the default bus -> API destination -> Datadog Logs intake.
 * CRITICAL findings and failed scans each have a rule; undeliverable events wait in an encrypted DLQ.
 */
export class ScanFindingsAlert extends Construct {
  readonly criticalFindingsRule: CloudwatchEventRule;
  readonly scanFailedRule: CloudwatchEventRule;
  readonly apiDestination: CloudwatchEventApiDestination;
  readonly deadLetterQueue: SqsQueue;
  readonly role: IamRole;
  /** What each rule matches and sends, by rule: for tests and documentation. */
  readonly routes: readonly Route[];

  constructor(scope: Construct, id: string, props: ScanFindingsAlertProps) {
    super(scope, id);
    const names = scanFindingsAlertNames(props.namePrefix);
    const watched = { accountId: props.accountId, repositories: props.repositories };
    this.routes = [
      {
        id: "critical-findings",
        description: `CRITICAL findings of ECR image scans in ${props.namePrefix}: sent to Datadog, where the L2 monitor alerts`,
        pattern: criticalFindingsPattern({ ...watched, criticalThreshold: props.criticalThreshold ?? 1 }),
        log: criticalFindingsLog(props),
      },
      {
        id: "failed",
        description: `Failed ECR image scans in ${props.namePrefix}: sent to Datadog as warnings`,
        pattern: scanFailedPattern(watched),
        log: scanFailedLog(props),
      },
    ];

    const connection = new CloudwatchEventConnection(this, "connection", {
      name: names.connection,
      description: "Datadog Logs intake, authenticated by the DD-API-KEY header",
      authorizationType: "API_KEY",
      authParameters: { apiKey: { key: "DD-API-KEY", value: props.apiKey } },
    });
    this.apiDestination = new CloudwatchEventApiDestination(this, "api-destination", {
      name: names.apiDestination,
      description: "Datadog Logs intake (HTTP API v2)",
      connectionArn: connection.arn,
      invocationEndpoint: datadogLogsIntakeUrl(props.site),
      httpMethod: "POST",
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: names.deadLetterQueue,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
    });

    const rules = this.routes.map(
      (route) =>
        new CloudwatchEventRule(this, `${route.id}-rule`, {
          name: names.rule(route.id),
          description: route.description,
          eventPattern: JSON.stringify(route.pattern),
        }),
    );
    [this.criticalFindingsRule, this.scanFailedRule] = rules;
    const ruleArns = rules.map((rule) => rule.arn);

    new SqsQueuePolicy(this, "dead-letter-queue-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: JSON.stringify(deadLetterQueuePolicy(this.deadLetterQueue.arn, ruleArns)),
    });
    this.role = new IamRole(this, "role", {
      name: names.role,
      description: "EventBridge delivers ECR scan results to the Datadog API destination",
      assumeRolePolicy: JSON.stringify(eventsTrustPolicy(props.accountId, ruleArns)),
    });
    new IamRolePolicy(this, "role-policy", {
      name: "invoke-datadog-api-destination",
      role: this.role.id,
      policy: JSON.stringify(invokeApiDestinationPolicy(this.apiDestination.arn)),
    });

    this.routes.forEach((route, index) => {
      new CloudwatchEventTarget(this, `${route.id}-target`, {
        rule: rules[index].name,
        targetId: "datadog-logs",
        arn: this.apiDestination.arn,
        roleArn: this.role.arn,
        inputTransformer: { inputPaths: { ...route.log.inputPaths }, inputTemplate: route.log.inputTemplate },
        retryPolicy: { ...RETRY_POLICY },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      });
    });
  }
}
