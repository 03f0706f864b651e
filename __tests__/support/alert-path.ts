import { matchesEventPattern } from "./event-pattern";
import { transformInput, type MissingPathReading } from "./input-transformer";
import { resourcesOf, type TerraformJson } from "./synth";

/** An EventBridge rule of a synthesized stack with its target's input transformer. */
export interface DeliveryRule {
  readonly name: string;
  readonly pattern: Record<string, unknown> | undefined;
  readonly scheduleExpression: string | undefined;
  readonly inputPaths: Record<string, string>;
  readonly inputTemplate: string;
}

/** Every EventBridge rule of the stack (pattern or schedule) with its one target's input transformer. */
export function deliveryRules(tf: TerraformJson): DeliveryRule[] {
  return resourcesOf(tf, "aws_cloudwatch_event_rule").map(([id, rule]) => {
    const targets = resourcesOf(tf, "aws_cloudwatch_event_target").filter(([, t]) => t.rule.includes(`.${id}.`));
    if (targets.length !== 1) throw new Error(`expected one target for rule ${rule.name}, found ${targets.length}`);
    const { input_paths, input_template } = targets[0][1].input_transformer;
    return {
      name: rule.name,
      pattern: rule.event_pattern === undefined ? undefined : JSON.parse(rule.event_pattern),
      scheduleExpression: rule.schedule_expression,
      inputPaths: input_paths,
      inputTemplate: input_template,
    };
  });
}

/** The rules whose event pattern matches `event`. */
export function rulesFor(rules: readonly DeliveryRule[], event: unknown): DeliveryRule[] {
  return rules.filter((rule) => rule.pattern !== undefined && matchesEventPattern(rule.pattern, event));
}

/** The logs Datadog receives for `event`: one per matching rule, parsed. */
export function logsFor(rules: readonly DeliveryRule[], event: unknown, reading: MissingPathReading = "nothing"): Record<string, unknown>[] {
  return rulesFor(rules, event).map((rule) => JSON.parse(transformInput(rule.inputPaths, rule.inputTemplate, event, reading)));
}
