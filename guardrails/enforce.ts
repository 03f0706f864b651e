import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { Guardrails, type Finding } from "./guardrails-aspect";
import { stackNodes } from "./terraform-attributes";

const LABEL: Record<Finding["level"], string> = { error: "ERROR", warning: "WARNING", suppressed: "SUPPRESSED", acknowledged: "ACKNOWLEDGED" };
const ORDER: Finding["level"][] = ["error", "warning", "suppressed", "acknowledged"];

/** One report line: level, rule id, construct path, what is wrong, and how to fix it (or why it is accepted). */
export function formatFinding(finding: Finding): string {
  const tail =
    finding.level === "suppressed" ? `Suppressed: ${finding.reason}` : finding.level === "acknowledged" ? `Acknowledged: ${finding.reason}` : `Fix: ${finding.fix}`;
  return `${LABEL[finding.level]} ${finding.ruleId} [${finding.path}] ${finding.details.join("; ")}. ${tail}`;
}

/** Findings in report order: errors first, then warnings, then what the config accepted. */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
}

/** Guardrail errors: the message lists every finding of every stack. */
export class GuardrailError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    const errors = findings.filter((f) => f.level === "error").length;
    super(
      `Guardrails failed with ${errors} error${errors === 1 ? "" : "s"}; nothing was synthesized.\n` +
        sortedFindings(findings)
          .map((f) => `  ${formatFinding(f)}`)
          .join("\n"),
    );
    this.name = "GuardrailError";
  }
}

/** A suppression or acknowledgement that matched nothing: stale, it could hide a future finding. */
function staleFinding(stack: TerraformStack, kind: "suppression" | "acknowledgement", entry: { ruleId: string; resource?: string }): Finding {
  const matched = kind === "suppression" ? "violation" : "warning";
  return {
    ruleId: entry.ruleId,
    level: "warning",
    path: stack.node.path,
    details: [`the ${kind} of ${entry.ruleId}${entry.resource ? ` for "${entry.resource}"` : ""} matched no ${matched}`],
    fix: `remove it from the environment's guardrails.${kind}s, so it cannot hide a future finding`,
  };
}

/** Run the guardrails of every stack under `scope` and return their findings (errors, warnings, suppressions, acknowledgements). */
export function guardrailFindings(scope: IConstruct): Finding[] {
  const stacks = scope.node.findAll().filter((node): node is TerraformStack => TerraformStack.isStack(node));
  return stacks.flatMap((stack) =>
    Aspects.of(stack)
      .all.filter((aspect): aspect is Guardrails => aspect instanceof Guardrails)
      .flatMap((guardrails) => {
        for (const node of stackNodes(stack)) guardrails.visit(node);
        return [
          ...guardrails.findings,
          ...guardrails.unusedSuppressions().map((s) => staleFinding(stack, "suppression", s)),
          ...guardrails.unusedAcknowledgements().map((a) => staleFinding(stack, "acknowledgement", a)),
        ];
      }),
  );
}

/**
 * Fail before `app.synth()` writes anything. cdktf alone does not: it throws on error annotations
 * stack by stack after writing the earlier stacks, and under `cdktf synth`
 * (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) it writes every stack and fails only afterwards.
 * Returns the findings that do not stop synth (warnings, suppressions, acknowledgements), for the app to print once.
 */
export function enforceGuardrails(scope: IConstruct): Finding[] {
  const findings = guardrailFindings(scope);
  if (findings.some((f) => f.level === "error")) throw new GuardrailError(findings);
  return sortedFindings(findings);
}
