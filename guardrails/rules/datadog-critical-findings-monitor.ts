import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { compliant, violation, type Rule, type RuleContext } from "../rule";
import { stackNodes, stringOf, terraformAttributes, type Attributes } from "../terraform-attributes";

/** Datadog notification handles (`@slack-x`, `@pagerduty-x`, `@oncall-x`, `@user@example.com`), not the `@` inside an e-mail address. */
const HANDLE = /(?<![\w.])@[\w-][\w.@+-]*/g;
const PAGING_HANDLE = /^@(?:oncall|pagerduty)-/;

/** Notification handles in a monitor message. */
export function notificationHandles(message: string): string[] {
  return message.match(HANDLE) ?? [];
}

/**
 * The message as Datadog renders it for an ALERT notification (its "Variables" docs): `{{#is_alert}}` blocks and
 * `{{^x}}` blocks (x other than is_alert) are kept, every other conditional block (`is_recovery`, `is_warning`,
 * `is_match`...) is dropped, as it is not certain to be part of the alert.
 */
export function alertNotificationText(message: string): string {
  const block = /\{\{([#^])(\w+)[^}]*\}\}([\s\S]*?)\{\{\/\2\}\}/g;
  let text = message;
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(block, (_, sign: string, name: string, inner: string) =>
      (sign === "#" && name === "is_alert") || (sign === "^" && name !== "is_alert") ? inner : "",
    );
  }
  return text;
}

function isCriticalFindingsMonitor(monitor: Attributes): boolean {
  return /critical/i.test(`${stringOf(monitor.name) ?? ""} ${stringOf(monitor.query) ?? ""}`);
}

function problemsOf(monitor: Attributes, context: RuleContext): string[] {
  const message = stringOf(monitor.message) ?? "";
  const handles = notificationHandles(message);
  const onAlert = notificationHandles(alertNotificationText(message));
  const name = `monitor "${stringOf(monitor.name)}"`;
  if (handles.length === 0) return [`${name} notifies nobody: its message has no @handle`];
  if (onAlert.length === 0) return [`${name} notifies nobody when it alerts: ${handles.join(", ")} only appear in blocks an alert does not render (e.g. {{#is_recovery}})`];
  if (context.production && !onAlert.some((handle) => PAGING_HANDLE.test(handle))) {
    return [`${name} notifies ${onAlert.join(", ")} when it alerts but pages nobody: a production monitor needs an @oncall-... or @pagerduty-... handle in its alert notification`];
  }
  return [];
}

/** No checkov/trivy equivalent: this is about the product's own alert path. */
export const datadogCriticalFindingsMonitor: Rule<TerraformStack> = {
  id: "DAR-DD-1",
  level: "error",
  explanation: "Scanning is only useful if someone hears about a CRITICAL finding: every environment needs a monitor that notifies, and production's must page on-call.",
  fix: "add the critical-findings datadog_monitor (CriticalFindingsMonitor) with a notification handle where an alert renders it (outside conditional blocks or inside {{#is_alert}}); in production include @oncall-<team> or @pagerduty-<service>",
  appliesTo: (node: IConstruct): node is TerraformStack => TerraformStack.isStack(node),
  check: (stack, context) => {
    const monitors = stackNodes(stack)
      .filter((node): node is Monitor => node instanceof Monitor)
      .map(terraformAttributes)
      .filter(isCriticalFindingsMonitor);
    if (monitors.length === 0) {
      return violation(`environment "${context.environment}" has no datadog_monitor for critical findings (a monitor whose name or query mentions "critical")`);
    }
    const problems = monitors.map((monitor) => problemsOf(monitor, context));
    return problems.some((p) => p.length === 0) ? compliant() : violation(...problems.flat());
  },
};
