/**
 * ECR lifecycle rules: the typed shape, AWS's documented constraints, and the policy JSON ECR expects.
 * See https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */

/** Which images a rule selects by their tags. */
export type TagStatus = "tagged" | "untagged" | "any";

/** How a rule counts: images beyond the newest N, or images older than N days. */
export type CountType = "imageCountMoreThan" | "sinceImagePushed";

/** One rule that expires images. The field names are AWS's, flattened out of `selection`. */
export interface LifecycleRule {
  /** Evaluation order, lowest first. Unique within the policy; an `any` rule must have the highest. */
  readonly rulePriority: number;
  /**
   * Shown in the ECR console next to the rule.
   * @default no description
   */
  readonly description?: string;
  /** Which images the rule selects. */
  readonly tagStatus: TagStatus;
  /**
   * With `tagged`: an image matches when every prefix matches one of its tags.
   * @default none (give this or `tagPatternList` for `tagged`)
   */
  readonly tagPrefixList?: readonly string[];
  /**
   * With `tagged`: wildcard patterns (`*`, at most four per pattern); an image matches when every pattern matches one of its tags.
   * @default none (give this or `tagPrefixList` for `tagged`)
   */
  readonly tagPatternList?: readonly string[];
  /** `imageCountMoreThan` keeps the newest `countNumber` images; `sinceImagePushed` expires those older than `countNumber` days. */
  readonly countType: CountType;
  /**
   * Unit of `countNumber` for `sinceImagePushed`; must be absent for `imageCountMoreThan`.
   * @default "days" for `sinceImagePushed`
   */
  readonly countUnit?: "days";
  /** A positive integer: images to keep, or days since push. */
  readonly countNumber: number;
}

/** A broken constraint: `index` is the rule's position in the list, `field` the offending field. */
export interface LifecycleRuleProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

const MAX_WILDCARDS_PER_PATTERN = 4;

function problemsOfRule(rule: LifecycleRule, index: number): LifecycleRuleProblem[] {
  const problems: LifecycleRuleProblem[] = [];
  const add = (field: string, message: string) => problems.push({ index, field, message });
  const hasPrefixes = rule.tagPrefixList !== undefined;
  const hasPatterns = rule.tagPatternList !== undefined;

  if (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1) {
    add("rulePriority", `expected a positive integer, got ${rule.rulePriority}`);
  }
  if (!Number.isInteger(rule.countNumber) || rule.countNumber < 1) {
    add("countNumber", `expected a positive integer, got ${rule.countNumber}`);
  }
  if (rule.tagStatus === "tagged" && hasPrefixes === hasPatterns) {
    add("tagStatus", 'a "tagged" rule needs exactly one of tagPrefixList or tagPatternList. Give one of them, not both.');
  }
  if (rule.tagStatus !== "tagged" && (hasPrefixes || hasPatterns)) {
    add("tagStatus", `a "${rule.tagStatus}" rule takes neither tagPrefixList nor tagPatternList. Remove them, or use tagStatus "tagged".`);
  }
  for (const list of ["tagPrefixList", "tagPatternList"] as const) {
    if (rule[list]?.length === 0) add(list, "expected at least one entry. Remove the field or list the tags.");
  }
  rule.tagPatternList?.forEach((pattern, i) => {
    const wildcards = pattern.split("*").length - 1;
    if (wildcards > MAX_WILDCARDS_PER_PATTERN) {
      add(`tagPatternList[${i}]`, `"${pattern}" has ${wildcards} wildcards; ECR allows at most ${MAX_WILDCARDS_PER_PATTERN} per pattern.`);
    }
  });
  if (rule.countType === "imageCountMoreThan" && rule.countUnit !== undefined) {
    add("countUnit", 'countUnit "days" goes only with countType "sinceImagePushed". Remove it for "imageCountMoreThan".');
  }
  return problems;
}

function problemsAcrossRules(rules: readonly LifecycleRule[]): LifecycleRuleProblem[] {
  const problems: LifecycleRuleProblem[] = [];
  const firstWithPriority = new Map<number, number>();
  const firstWithPrefix = new Map<string, number>();
  const highestPriority = Math.max(...rules.map((r) => r.rulePriority));
  let firstUntagged: number | undefined;

  rules.forEach((rule, index) => {
    const samePriority = firstWithPriority.get(rule.rulePriority);
    if (samePriority !== undefined) {
      problems.push({ index, field: "rulePriority", message: `rulePriority ${rule.rulePriority} is already used by lifecycleRules[${samePriority}]. Priorities must be unique.` });
    } else {
      firstWithPriority.set(rule.rulePriority, index);
    }
    if (rule.tagStatus === "untagged") {
      if (firstUntagged !== undefined) {
        problems.push({ index, field: "tagStatus", message: `lifecycleRules[${firstUntagged}] already selects untagged images; ECR allows only one such rule. Merge them.` });
      } else {
        firstUntagged = index;
      }
    }
    if (rule.tagStatus === "any" && rule.rulePriority !== highestPriority) {
      problems.push({ index, field: "rulePriority", message: `a rule with tagStatus "any" must have the highest rulePriority (it has ${rule.rulePriority}, the highest is ${highestPriority}). Give it a priority above every other rule.` });
    }
    for (const prefix of rule.tagPrefixList ?? []) {
      const other = firstWithPrefix.get(prefix);
      if (other !== undefined && other !== index) {
        problems.push({ index, field: "tagPrefixList", message: `tag prefix "${prefix}" is already used by lifecycleRules[${other}]. Each prefix may appear in one rule only.` });
      } else {
        firstWithPrefix.set(prefix, index);
      }
    }
  });
  return problems;
}

/** Every AWS constraint the rules break, in list order; empty when ECR would accept the policy. */
export function lifecycleRuleProblems(rules: readonly LifecycleRule[]): LifecycleRuleProblem[] {
  return [...rules.flatMap(problemsOfRule), ...problemsAcrossRules(rules)];
}

/** The policy document `aws_ecr_lifecycle_policy.policy` takes, with no null or empty keys. */
export function renderLifecyclePolicy(rules: readonly LifecycleRule[]): string {
  const sorted = [...rules].sort((a, b) => a.rulePriority - b.rulePriority);
  return JSON.stringify({
    rules: sorted.map((rule) => ({
      rulePriority: rule.rulePriority,
      ...(rule.description !== undefined && { description: rule.description }),
      selection: {
        tagStatus: rule.tagStatus,
        ...(rule.tagPrefixList !== undefined && { tagPrefixList: rule.tagPrefixList }),
        ...(rule.tagPatternList !== undefined && { tagPatternList: rule.tagPatternList }),
        countType: rule.countType,
        ...(rule.countType === "sinceImagePushed" && { countUnit: rule.countUnit ?? "days" }),
        countNumber: rule.countNumber,
      },
      action: { type: "expire" },
    })),
  });
}
