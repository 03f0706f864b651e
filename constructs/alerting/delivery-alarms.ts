import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { scanFindingsAlertNames } from "../resource-names";

/** Where the AWS-side alarms notify: a topic the stack creates for these e-mail addresses, or an existing one. */
export type AlarmTopic =
  | { readonly type: "create"; readonly emails: readonly string[] }
  | { readonly type: "existing"; readonly topicArn: string };

export interface DeliveryAlarmsProps {
  /** Prefix of every resource name, e.g. `demo-api-prod`. */
  readonly namePrefix: string;
  readonly topic: AlarmTopic;
  /** Name of the alert path's dead-letter queue (may be a Terraform reference). */
  readonly deadLetterQueueName: string;
  /** The alert path's rules: `id` names the alarm, `ruleName` is the EventBridge rule (may be a reference). */
  readonly rules: readonly { readonly id: string; readonly ruleName: string }[];
}

/** One five-minute period: an alert lost in delivery is known within minutes, not at the next incident. */
const PERIOD_SECONDS = 300;

/**
 * Alarms that do not depend on Datadog: the path is broken when dead letters wait in the DLQ, or when
 * EventBridge could not deliver an event and could not even dead-letter it. They notify an SNS topic, so
 * someone hears about a revoked key or a deleted destination while Datadog hears nothing.
 */
export class DeliveryAlarms extends Construct {
  /** The topic the alarms notify. */
  readonly topicArn: string;
  readonly deadLetterAlarm: CloudwatchMetricAlarm;
  readonly lostInvocationAlarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: DeliveryAlarmsProps) {
    super(scope, id);
    this.topicArn = props.topic.type === "existing" ? props.topic.topicArn : this.createTopic(props.namePrefix, props.topic.emails);
    const actions = { alarmActions: [this.topicArn], okActions: [this.topicArn], treatMissingData: "notBreaching" };

    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, "dead-letters", {
      alarmName: scanFindingsAlertNames(props.namePrefix).deadLetteredAlarm,
      alarmDescription:
        "Scan alerts or heartbeats could not be delivered to Datadog and wait in the DLQ: pages may be lost. " +
        "Fix the cause (key, site, Datadog status), then replay: docs/alerting.md, 'Reading and replaying the DLQ'.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.deadLetterQueueName },
      statistic: "Maximum",
      period: PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      ...actions,
    });

    // EventBridge publishes both only when non-zero (user guide, "Monitoring Amazon EventBridge"): a missing
    // point is "nothing failed", and SUM adds whichever of the two exists.
    this.lostInvocationAlarms = props.rules.map(
      (rule) =>
        new CloudwatchMetricAlarm(this, `${rule.id}-lost`, {
          alarmName: scanFindingsAlertNames(props.namePrefix).invocationsLostAlarm(rule.id),
          alarmDescription:
            `EventBridge rule ${rule.id} failed to deliver an event and failed to dead-letter it: that alert is lost. ` +
            "Check the rule's target, role and DLQ policy.",
          metricQuery: [
            { id: "failed", metric: eventsMetric("FailedInvocations", rule.ruleName) },
            { id: "dlq_failed", metric: eventsMetric("InvocationsFailedToBeSentToDlq", rule.ruleName) },
            { id: "lost", expression: "SUM([failed, dlq_failed])", label: "Invocations lost", returnData: true },
          ],
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          ...actions,
        }),
    );
  }

  /**
   * Without server-side encryption: CloudWatch can only publish to an encrypted topic through a customer
   * managed key whose policy allows it (SNS developer guide, "Compatibility between event sources from AWS
   * services and encrypted topics"); alarm notifications carry no secret.
   */
  private createTopic(namePrefix: string, emails: readonly string[]): string {
    const topic = new SnsTopic(this, "topic", { name: scanFindingsAlertNames(namePrefix).alarmTopic });
    for (const email of emails) {
      // Each address must confirm the subscription e-mail before it receives anything (docs/alerting.md).
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: topic.arn, protocol: "email", endpoint: email });
    }
    return topic.arn;
  }
}

function eventsMetric(metricName: string, ruleName: string) {
  return { namespace: "AWS/Events", metricName, dimensions: { RuleName: ruleName }, period: PERIOD_SECONDS, stat: "Sum" };
}
