import { Annotations, Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { Guardrails, type Finding } from "./guardrails-aspect";
import { stackNodes } from "./terraform-attributes";

const LABEL: Record<Finding["level"], string> = { error: "ERROR", warning: "WARNING", suppressed: "SUPPRESSED" };
const ORDER: Finding["level"][] = ["error", "warning", "suppressed"];

/** One report line: level, rule id, construct path, what is wrong, and how to fix it (or why it is accepted). */
export function formatFinding(finding: Finding): string {
  const tail = finding.level === "suppressed" ? `Suppressed: ${finding.reason}` : `Fix: ${finding.fix}`;
  return `${LABEL[finding.level]} ${finding.ruleId} [${finding.path}] ${finding.details.join("; ")}. ${tail}`;
}

/** Guardrail errors: the message lists every finding of every stack. */
export class GuardrailError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    const errors = findings.filter((f) => f.level === "error").length;
    super(
      `Guardrails failed with ${errors} error${errors === 1 ? "" : "s"}; nothing was synthesized.\n` +
        [...findings]
          .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level))
          .map((f) => `  ${formatFinding(f)}`)
          .join("\n"),
    );
    this.name = "GuardrailError";
  }
}

/** Run the guardrails of every stack under `scope` and return their findings (errors, warnings, suppressions). */
export function guardrailFindings(scope: IConstruct): Finding[] {
  const stacks = scope.node.findAll().filter((node): node is TerraformStack => TerraformStack.isStack(node));
  return stacks.flatMap((stack) =>
    Aspects.of(stack)
      .all.filter((aspect): aspect is Guardrails => aspect instanceof Guardrails)
      .flatMap((guardrails) => {
        for (const node of stackNodes(stack)) guardrails.visit(node);
        const stale = guardrails.unusedSuppressions().map((s): Finding => ({
          ruleId: s.ruleId,
          level: "warning",
          path: stack.node.path,
          details: [`the suppression of ${s.ruleId}${s.resource ? ` for "${s.resource}"` : ""} matched no violation`],
          fix: "remove it from the environment's guardrails.suppressions, so it cannot hide a future violation",
        }));
        for (const finding of stale) Annotations.of(stack).addWarning(formatFinding(finding));
        return [...guardrails.findings, ...stale];
      }),
  );
}

/**
 * Fail before `app.synth()` writes anything. cdktf alone does not: it throws on error annotations
 * stack by stack after writing the earlier stacks, and under `cdktf synth`
 * (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) it writes every stack and fails only afterwards.
 */
export function enforceGuardrails(scope: IConstruct): void {
  const findings = guardrailFindings(scope);
  if (findings.some((f) => f.level === "error")) throw new GuardrailError(findings);
}
