import { environment } from "../../support/config";
import { resourcesOf, synthStack } from "../../support/synth";

const RULES = ["scan-critical", "finding-critical", "scan-critical-untagged", "finding-critical-untagged", "not-scanned", "alert-heartbeat"];

describe("AWS-side alarms on the alert path (prod: an existing topic)", () => {
  const tf = synthStack("prod");
  const alarms = resourcesOf(tf, "aws_cloudwatch_metric_alarm").map(([, a]) => a);
  const topic = "arn:aws:sns:ap-northeast-1:222222222222:demo-api-prod-alarms";
  const [[queueId]] = resourcesOf(tf, "aws_sqs_queue");

  it("alarms as soon as a message waits in the dead-letter queue", () => {
    const dlq = alarms.find((a) => a.alarm_name === "demo-api-prod-scan-alerts-dead-lettered")!;
    expect(dlq).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: `\${aws_sqs_queue.${queueId}.name}` },
      statistic: "Maximum",
      period: 300,
      evaluation_periods: 1,
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      treat_missing_data: "notBreaching",
    });
  });

  it.each(RULES)("alarms when rule %s loses an invocation (failed, and not even dead-lettered)", (rule) => {
    const alarm = alarms.find((a) => a.alarm_name === `demo-api-prod-${rule}-invocations-lost`)!;
    const [[ruleId]] = resourcesOf(tf, "aws_cloudwatch_event_rule").filter(([, r]) => r.name === `demo-api-prod-${rule}`);
    const metric = (name: string) => ({ namespace: "AWS/Events", metric_name: name, dimensions: { RuleName: `\${aws_cloudwatch_event_rule.${ruleId}.name}` }, period: 300, stat: "Sum" });
    expect(alarm.metric_query).toEqual([
      { id: "failed", metric: metric("FailedInvocations") },
      { id: "dlq_failed", metric: metric("InvocationsFailedToBeSentToDlq") },
      { id: "lost", expression: "SUM([failed, dlq_failed])", label: "Invocations lost", return_data: true },
    ]);
    expect(alarm).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0, evaluation_periods: 1, treat_missing_data: "notBreaching" });
  });

  it("notifies the configured topic when an alarm fires and when it clears", () => {
    expect(alarms).toHaveLength(RULES.length + 1);
    for (const alarm of alarms) expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
  });

  it("creates no topic of its own", () => {
    expect(resourcesOf(tf, "aws_sns_topic")).toEqual([]);
  });
});

describe("AWS-side alarms on the alert path (poc: a topic the stack creates)", () => {
  const tf = synthStack(
    environment("poc", (c) => (c.environments.poc.alerting.alarmTopic = { type: "create", emails: ["a@example.org", "b@example.org"] })),
  );
  const [[topicId, topic]] = resourcesOf(tf, "aws_sns_topic");

  it("creates the topic and subscribes each configured address by e-mail", () => {
    expect(topic.name).toBe("demo-api-poc-scan-alert-path-alarms");
    const subscriptions = resourcesOf(tf, "aws_sns_topic_subscription").map(([, s]) => s);
    expect(subscriptions).toEqual([
      expect.objectContaining({ topic_arn: `\${aws_sns_topic.${topicId}.arn}`, protocol: "email", endpoint: "a@example.org" }),
      expect.objectContaining({ topic_arn: `\${aws_sns_topic.${topicId}.arn}`, protocol: "email", endpoint: "b@example.org" }),
    ]);
  });

  it("sends every alarm to that topic", () => {
    for (const [, alarm] of resourcesOf(tf, "aws_cloudwatch_metric_alarm")) expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${topicId}.arn}`]);
  });
});
