import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { compliant, violation, type Rule, type RuleContext } from "../rule";
import { stringOf, terraformAttributes, type Attributes } from "../terraform-attributes";

/** Datadog notification handles (`@slack-x`, `@pagerduty-x`, `@oncall-x`, `@user@example.com`), not the `@` inside an e-mail address. */
const HANDLE = /(?<![\w.])@[\w-][\w.@+-]*/g;
const PAGING_HANDLE = /^@(?:oncall|pagerduty)-/;

/** Notification handles in a monitor message. */
export function notificationHandles(message: string): string[] {
  return message.match(HANDLE) ?? [];
}

function isCriticalFindingsMonitor(monitor: Attributes): boolean {
  return /critical/i.test(`${stringOf(monitor.name) ?? ""} ${stringOf(monitor.query) ?? ""}`);
}

function problemsOf(monitor: Attributes, context: RuleContext): string[] {
  const handles = notificationHandles(stringOf(monitor.message) ?? "");
  const name = `monitor "${stringOf(monitor.name)}"`;
  if (handles.length === 0) return [`${name} notifies nobody: its message has no @handle`];
  if (context.production && !handles.some((handle) => PAGING_HANDLE.test(handle))) {
    return [`${name} notifies ${handles.join(", ")} but pages nobody: a production monitor needs an @oncall-... or @pagerduty-... handle`];
  }
  return [];
}

/** No checkov/trivy equivalent: this is about the product's own alert path. */
export const datadogCriticalFindingsMonitor: Rule<TerraformStack> = {
  id: "DAR-DD-1",
  level: "error",
  explanation: "Scanning is only useful if someone hears about a CRITICAL finding: every environment needs a monitor that notifies, and production's must page on-call.",
  fix: "add the critical-findings datadog_monitor (CriticalFindingsMonitor) with a notification handle in its message; in production include @oncall-<team> or @pagerduty-<service>",
  appliesTo: (node: IConstruct): node is TerraformStack => TerraformStack.isStack(node),
  check: (stack, context) => {
    const monitors = stack.node
      .findAll()
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
