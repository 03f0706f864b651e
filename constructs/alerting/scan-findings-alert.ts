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
import { alertRoutes, heartbeatLog, type AlertRoute, type AlertRouteProps, type InputTransformer } from "./scan-findings-events";
import { deadLetterQueuePolicy, eventsTrustPolicy, invokeApiDestinationPolicy, withDeadLetterQueueGuard } from "./scan-findings-policies";

/** EventBridge's maximum retry budget: a Datadog outage up to a day loses no alert. */
export const RETRY_POLICY = { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 } as const;

/** SQS's maximum retention: two weeks to notice and replay dead letters. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** `rate(1 hour)` / `rate(3 hours)`: EventBridge wants the singular for 1 (user guide, "Rate expressions"). */
export function hourlyRate(hours: number): string {
  return `rate(${hours} ${hours === 1 ? "hour" : "hours"})`;
}

export interface ScanFindingsAlertProps extends AlertRouteProps {
  /** Prefix of every resource name, e.g. `demo-api-prod`. */
  readonly namePrefix: string;
  /** Datadog site, e.g. `ap1.datadoghq.com`; decides the Logs intake URL. */
  readonly site: string;
  /** The Datadog API key the connection sends as `DD-API-KEY`. A Terraform reference, never a literal. */
  readonly apiKey: string;
  /**
   * Hours between two heartbeat logs.
   * @default 1
   */
  readonly heartbeatHours?: number;
  /**
   * Only these principals may read, purge or reconfigure the dead-letter queue (docs/security.md).
   * @default undefined (no guard)
   */
  readonly deadLetterQueueAdministratorArns?: readonly string[];
}

/** A rule of the path: its id (rule-name suffix, alarm names) and the rule. */
export interface DeliveryRule {
  readonly id: string;
  readonly rule: CloudwatchEventRule;
}

/**
 * Scan results of both engines -> EventBridge rules on the default bus -> API destination -> Datadog Logs
 * intake, plus a scheduled heartbeat through the same connection and destination. Undeliverable events wait
 * in an encrypted DLQ. No Lambda.
 */
export class ScanFindingsAlert extends Construct {
  readonly apiDestination: CloudwatchEventApiDestination;
  readonly deadLetterQueue: SqsQueue;
  readonly role: IamRole;
  /** What each scan rule matches and sends, by rule: for tests and documentation. */
  readonly routes: readonly AlertRoute[];
  /** Every rule of the path (the scan rules, then the heartbeat). */
  readonly rules: readonly DeliveryRule[];
  /** Names known before apply, for messages that tell people where to look. */
  readonly names: { readonly deadLetterQueue: string; readonly apiDestination: string; readonly heartbeatRule: string };

  constructor(scope: Construct, id: string, props: ScanFindingsAlertProps) {
    super(scope, id);
    this.routes = alertRoutes(props);
    const heartbeatHours = props.heartbeatHours ?? 1;
    const names = scanFindingsAlertNames(props.namePrefix);
    this.names = { deadLetterQueue: names.deadLetterQueue, apiDestination: names.apiDestination, heartbeatRule: names.heartbeatRule };

    const connection = new CloudwatchEventConnection(this, "connection", {
      name: names.connection,
      description: "Datadog Logs intake, authenticated by the DD-API-KEY header",
      authorizationType: "API_KEY",
      authParameters: { apiKey: { key: "DD-API-KEY", value: props.apiKey } },
    });
    this.apiDestination = new CloudwatchEventApiDestination(this, "api-destination", {
      name: this.names.apiDestination,
      description: "Datadog Logs intake (HTTP API v2)",
      connectionArn: connection.arn,
      invocationEndpoint: datadogLogsIntakeUrl(props.site),
      httpMethod: "POST",
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: this.names.deadLetterQueue,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
    });

    const deliveries: { id: string; rule: CloudwatchEventRule; log: InputTransformer; maximumEventAgeInSeconds: number }[] = [
      ...this.routes.map((route) => ({
        id: route.id,
        rule: new CloudwatchEventRule(this, `${route.id}-rule`, {
          name: names.rule(route.id),
          description: route.description,
          eventPattern: JSON.stringify(route.pattern),
        }),
        log: route.log,
        maximumEventAgeInSeconds: RETRY_POLICY.maximumEventAgeInSeconds,
      })),
      {
        id: "alert-heartbeat",
        rule: new CloudwatchEventRule(this, "alert-heartbeat-rule", {
          name: names.heartbeatRule,
          description: `Every ${heartbeatHours} h a heartbeat log to Datadog: proves the connection, key and destination still deliver`,
          scheduleExpression: hourlyRate(heartbeatHours),
        }),
        log: heartbeatLog(props),
        // A heartbeat is only worth its interval: one that cannot be delivered by then goes to the DLQ, whose alarm fires.
        maximumEventAgeInSeconds: heartbeatHours * 60 * 60,
      },
    ];
    this.rules = deliveries.map(({ id: ruleId, rule }) => ({ id: ruleId, rule }));
    const ruleArns = deliveries.map(({ rule }) => rule.arn);

    new SqsQueuePolicy(this, "dead-letter-queue-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: JSON.stringify(withDeadLetterQueueGuard(deadLetterQueuePolicy(this.deadLetterQueue.arn, ruleArns), this.deadLetterQueue.arn, props.deadLetterQueueAdministratorArns)),
    });
    this.role = new IamRole(this, "role", {
      name: names.role,
      description: "EventBridge delivers ECR and Inspector scan results and heartbeats to the Datadog API destination",
      assumeRolePolicy: JSON.stringify(eventsTrustPolicy(props.accountId, ruleArns)),
    });
    new IamRolePolicy(this, "role-policy", {
      name: "invoke-datadog-api-destination",
      role: this.role.id,
      policy: JSON.stringify(invokeApiDestinationPolicy(this.apiDestination.arn)),
    });

    for (const delivery of deliveries) {
      new CloudwatchEventTarget(this, `${delivery.id}-target`, {
        rule: delivery.rule.name,
        targetId: "datadog-logs",
        arn: this.apiDestination.arn,
        roleArn: this.role.arn,
        inputTransformer: { inputPaths: { ...delivery.log.inputPaths }, inputTemplate: delivery.log.inputTemplate },
        retryPolicy: { ...RETRY_POLICY, maximumEventAgeInSeconds: delivery.maximumEventAgeInSeconds },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      });
    }
  }
}
