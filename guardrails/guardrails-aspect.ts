import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { GUARDRAIL_RULE_IDS, GUARDRAIL_RULES } from "./pack";
import { levelOf, type Level, type Rule, type RuleContext } from "./rule";
import { suppresses, type Suppression } from "./suppression";

export interface GuardrailsProps {
  /** What the rules know about the environment. */
  readonly context: RuleContext;
  /**
   * Accepted violations, each with its reason.
   * @default []
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * The rules to apply.
   * @default GUARDRAIL_RULES
   */
  readonly rules?: readonly Rule[];
}

/** One rule outcome worth reporting: a violation, or a violation a suppression accepted. */
export interface Finding {
  readonly ruleId: string;
  readonly level: Level | "suppressed";
  /** Construct path of the offending construct, e.g. `prod/repository-demo-api/repository`. */
  readonly path: string;
  readonly details: readonly string[];
  readonly fix: string;
  /** The suppression's reason, for `suppressed` findings. */
  readonly reason?: string;
}

/**
 * The rule pack as a cdktf Aspect: checks every construct of the stack it is added to and reports
 * through Annotations (errors, warnings, and suppressions as info). Visiting a construct twice is a
 * no-op, so `enforceGuardrails` can run it before `app.synth()` runs it again.
 */
export class Guardrails implements IAspect {
  readonly findings: Finding[] = [];
  private readonly context: RuleContext;
  private readonly suppressions: readonly Suppression[];
  private readonly rules: readonly Rule[];
  private readonly used = new Set<Suppression>();
  private readonly visited = new WeakSet<IConstruct>();

  constructor(props: GuardrailsProps) {
    this.context = props.context;
    this.suppressions = props.suppressions ?? [];
    this.rules = props.rules ?? GUARDRAIL_RULES;
    for (const s of this.suppressions) {
      if (!GUARDRAIL_RULE_IDS.includes(s.ruleId)) throw new Error(`${this.context.environment}: suppression of unknown rule "${s.ruleId}"; known rules: ${GUARDRAIL_RULE_IDS.join(", ")}`);
      if (s.reason.trim() === "") throw new Error(`${this.context.environment}: the suppression of ${s.ruleId} has no reason; say why the rule does not apply`);
    }
  }

  visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    for (const rule of this.rules) {
      if (rule.appliesTo(node)) this.apply(rule, node);
    }
  }

  /** Suppressions that matched no violation: stale ones would silently hide a future regression. */
  unusedSuppressions(): Suppression[] {
    return this.suppressions.filter((s) => !this.used.has(s));
  }

  private apply(rule: Rule, node: IConstruct): void {
    const outcome = rule.check(node, this.context);
    if (outcome.compliant) return;
    const base = { ruleId: rule.id, path: node.node.path, details: outcome.details, fix: rule.fix };
    const suppression = this.suppressions.find((s) => suppresses(s, rule.id, node));
    if (suppression) {
      this.used.add(suppression);
      this.findings.push({ ...base, level: "suppressed", reason: suppression.reason });
      Annotations.of(node).addInfo(`${rule.id} suppressed (${suppression.reason}): ${outcome.details.join("; ")}`);
      return;
    }
    const level = levelOf(rule, this.context);
    this.findings.push({ ...base, level });
    const message = `${rule.id}: ${outcome.details.join("; ")}. Fix: ${rule.fix}`;
    if (level === "error") Annotations.of(node).addError(message);
    else Annotations.of(node).addWarning(message);
  }
}
