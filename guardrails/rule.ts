import type { IConstruct } from "constructs";

/** `error` stops synth; `warning` is reported and synth goes on. */
export type Level = "error" | "warning";

/** What a rule may know about the stack it checks, beyond the constructs themselves. */
export interface RuleContext {
  /** Environment (stack) name, e.g. `prod`. */
  readonly environment: string;
  /** Whether the environment serves production traffic; some rules are stricter there. */
  readonly production: boolean;
  /** The one AWS account this environment may deploy to. */
  readonly awsAccountId: string;
  /**
   * The GitHub repository allowed to assume deploy roles, e.g. `{ owner: "example-org", repository: "demo-api" }`;
   * with `ownerId` and `repositoryId`, its subjects use GitHub's immutable form `repo:OWNER@ID/REPO@ID:`.
   */
  readonly github: { readonly owner: string; readonly repository: string; readonly ownerId?: number; readonly repositoryId?: number };
}

export type Outcome = { readonly compliant: true } | { readonly compliant: false; readonly details: readonly string[] };

export function compliant(): Outcome {
  return { compliant: true };
}

/** A failed check; each detail names one problem found on the construct. */
export function violation(...details: string[]): Outcome {
  return { compliant: false, details };
}

/** One guardrail: a pure check of one kind of construct, in the style of a cdk-nag rule. */
export interface Rule<T extends IConstruct = IConstruct> {
  /** Stable id used in reports and suppressions, e.g. `DAR-ECR-1`. */
  readonly id: string;
  /** Fixed, or decided by the environment (e.g. stricter in production). */
  readonly level: Level | ((context: RuleContext) => Level);
  /** Why the rule exists: the failure it prevents. */
  readonly explanation: string;
  /** What to change when the rule fails. */
  readonly fix: string;
  appliesTo(node: IConstruct): node is T;
  check(node: T, context: RuleContext): Outcome;
}

export function levelOf(rule: Rule, context: RuleContext): Level {
  return typeof rule.level === "function" ? rule.level(context) : rule.level;
}
