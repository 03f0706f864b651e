import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { GUARDRAIL_RULE_IDS, GUARDRAIL_RULES } from "./pack";
import { levelOf, type Level, type Rule, type RuleContext } from "./rule";
import { suppresses, type Acknowledgement, type Suppression } from "./suppression";

export interface GuardrailsProps {
  /** What the rules know about the environment. */
  readonly context: RuleContext;
  /**
   * Accepted violations, each with its reason.
   * @default []
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * Deliberate design choices a rule warns about, each with its reason: reported as information, not as warnings.
   * An acknowledgement never covers an error.
   * @default []
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * The rules to apply.
   * @default GUARDRAIL_RULES
   */
  readonly rules?: readonly Rule[];
}

/** One rule outcome worth reporting: a violation, or a violation a suppression or an acknowledgement accepted. */
export interface Finding {
  readonly ruleId: string;
  readonly level: Level | "suppressed" | "acknowledged";
  /** Construct path of the offending construct, e.g. `prod/repository-demo-api/repository`. */
  readonly path: string;
  readonly details: readonly string[];
  readonly fix: string;
  /** The suppression's or acknowledgement's reason, for `suppressed` and `acknowledged` findings. */
  readonly reason?: string;
}

/**
 * The rule pack as a cdktf Aspect: checks every construct of the stack it is added to and records its findings.
 * Errors are also cdktf error annotations, so an app that forgets `enforceGuardrails` still fails at synth; the
 * rest is printed once by the app (`enforceGuardrails` returns it), not as annotations the cdktf CLI would print
 * in its own format. Visiting a construct twice is a no-op, so `enforceGuardrails` can run it before `app.synth()`.
 */
export class Guardrails implements IAspect {
  readonly findings: Finding[] = [];
  private readonly context: RuleContext;
  private readonly suppressions: readonly Suppression[];
  private readonly acknowledgements: readonly Acknowledgement[];
  private readonly rules: readonly Rule[];
  private readonly used = new Set<Suppression | Acknowledgement>();
  private readonly visited = new WeakSet<IConstruct>();

  constructor(props: GuardrailsProps) {
    this.context = props.context;
    this.suppressions = props.suppressions ?? [];
    this.acknowledgements = props.acknowledgements ?? [];
    this.rules = props.rules ?? GUARDRAIL_RULES;
    for (const [kind, list] of [["suppression", this.suppressions], ["acknowledgement", this.acknowledgements]] as const) {
      for (const s of list) {
        if (!GUARDRAIL_RULE_IDS.includes(s.ruleId)) throw new Error(`${this.context.environment}: ${kind} of unknown rule "${s.ruleId}"; known rules: ${GUARDRAIL_RULE_IDS.join(", ")}`);
        if (s.reason.trim() === "") throw new Error(`${this.context.environment}: the ${kind} of ${s.ruleId} has no reason; say why`);
      }
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

  /** Acknowledgements that matched no warning: the decision they record is no longer made. */
  unusedAcknowledgements(): Acknowledgement[] {
    return this.acknowledgements.filter((a) => !this.used.has(a));
  }

  private apply(rule: Rule, node: IConstruct): void {
    const outcome = rule.check(node, this.context);
    if (outcome.compliant) return;
    const base = { ruleId: rule.id, path: node.node.path, details: outcome.details, fix: rule.fix };
    const suppression = this.suppressions.find((s) => suppresses(s, rule.id, node));
    if (suppression) {
      this.used.add(suppression);
      this.findings.push({ ...base, level: "suppressed", reason: suppression.reason });
      return;
    }
    const level = levelOf(rule, this.context);
    const acknowledgement = level === "warning" ? this.acknowledgements.find((a) => suppresses(a, rule.id, node)) : undefined;
    if (acknowledgement) {
      this.used.add(acknowledgement);
      this.findings.push({ ...base, level: "acknowledged", reason: acknowledgement.reason });
      return;
    }
    this.findings.push({ ...base, level });
    if (level === "error") Annotations.of(node).addError(`${rule.id}: ${outcome.details.join("; ")}. Fix: ${rule.fix}`);
  }
}
