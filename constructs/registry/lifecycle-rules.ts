/**
 * ECR lifecycle rules: the typed shape, AWS's documented constraints, the protection rules, and the
 * policy JSON ECR expects. Sources (all AWS's ECR user guide):
 * - properties: https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 * - evaluation rules: https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 * - archive storage class: https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html
 * - quotas: https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html (constructs/service-limits.ts)
 */
import { ECR_LIFECYCLE_INTEGER_MAX } from "../service-limits";


/** Which images a rule selects by their tags. */
export type TagStatus = "tagged" | "untagged" | "any";

/**
 * How a rule counts: images beyond the newest N, or images older than N days since push, since last
 * pull (or push, if never pulled), or since they were archived.
 */
export type CountType = "imageCountMoreThan" | "sinceImagePushed" | "sinceImagePulled" | "sinceImageTransitioned";

/** ECR's storage classes: `standard` (pullable) and `archive` (not pullable until restored, 90-day minimum). */
export type StorageClass = "standard" | "archive";

/** What a rule does to the images it counts out: delete them, or move them to the archive storage class. */
export interface LifecycleAction {
  readonly type: "expire" | "transition";
  /**
   * The storage class a `transition` moves images to; `archive` is ECR's only one.
   * @default none (required for `transition`, absent for `expire`)
   */
  readonly targetStorageClass?: "archive";
}

/** One rule. The field names are AWS's, flattened out of `selection`; `action` is AWS's object. */
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
  /**
   * The storage class the rule selects from: `archive` exactly with `sinceImageTransitioned`.
   * @default "standard"
   */
  readonly storageClass?: StorageClass;
  /** See {@link CountType}. */
  readonly countType: CountType;
  /**
   * Unit of `countNumber` for the `since...` count types; must be absent for `imageCountMoreThan`.
   * @default "days" for the `since...` count types
   */
  readonly countUnit?: "days";
  /** A positive integer: images to keep, or days. */
  readonly countNumber: number;
  /**
   * @default { type: "expire" }
   */
  readonly action?: LifecycleAction;
}

/** A broken constraint: `index` is the rule's position in the list, `field` the offending field. */
export interface LifecycleRuleProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

const MAX_WILDCARDS_PER_PATTERN = 4;
/** "You cannot configure lifecycle policies that delete images that have been in archive for less than 90 days." (archive-image.html) */
const MIN_ARCHIVE_DAYS = 90;
/**
 * What a protection rule keeps: the default quota "Images per repository" (adjustable). A repository
 * at that quota cannot hold more images than the rule keeps, so the rule never expires one.
 */
const PROTECTED_IMAGE_COUNT = 100_000;

const ARCHIVE_ACTION = '{"type": "transition", "targetStorageClass": "archive"}';

export function actionOf(rule: LifecycleRule): LifecycleAction {
  return rule.action ?? { type: "expire" };
}

export function storageClassOf(rule: LifecycleRule): StorageClass {
  return rule.storageClass ?? "standard";
}

/** Why `pattern` is not an ECR tag pattern, or `undefined`. */
export function tagPatternProblem(pattern: string): string | undefined {
  const wildcards = pattern.split("*").length - 1;
  return wildcards > MAX_WILDCARDS_PER_PATTERN ? `"${pattern}" has ${wildcards} wildcards; ECR allows at most ${MAX_WILDCARDS_PER_PATTERN} per pattern.` : undefined;
}

/** Storage class and count type go together: archived images are counted only by days since they were archived. */
function storageClassProblem(rule: LifecycleRule): string | undefined {
  if (rule.countType === "sinceImageTransitioned" && storageClassOf(rule) !== "archive") {
    return 'countType "sinceImageTransitioned" counts archived images: set storageClass "archive".';
  }
  if (rule.countType !== "sinceImageTransitioned" && storageClassOf(rule) === "archive") {
    return `storageClass "archive" goes only with countType "sinceImageTransitioned" (ECR counts archived images by days since they were archived), got "${rule.countType}".`;
  }
  return undefined;
}

/** Which action each count type takes: pull age only archives, archive age only expires, the others do both. */
function actionProblem(rule: LifecycleRule): string | undefined {
  const action = actionOf(rule);
  if (action.type === "transition" && action.targetStorageClass !== "archive") {
    return 'a "transition" needs targetStorageClass "archive", ECR\'s only archive class.';
  }
  if (action.type === "expire" && action.targetStorageClass !== undefined) {
    return 'an "expire" action takes no targetStorageClass. Remove it, or use type "transition".';
  }
  if (rule.countType === "sinceImagePulled" && action.type === "expire") {
    return `countType "sinceImagePulled" can only archive (ECR archives images not pulled for N days; it never expires them by pull age). Use action ${ARCHIVE_ACTION}, or count by sinceImagePushed or imageCountMoreThan to expire.`;
  }
  if (rule.countType === "sinceImageTransitioned" && action.type === "transition") {
    return 'archived images can only be expired: use action {"type": "expire"}.';
  }
  return undefined;
}

function problemsOfRule(rule: LifecycleRule, index: number): LifecycleRuleProblem[] {
  const problems: LifecycleRuleProblem[] = [];
  const add = (field: string, message: string | undefined) => message && problems.push({ index, field, message });
  const hasPrefixes = rule.tagPrefixList !== undefined;
  const hasPatterns = rule.tagPatternList !== undefined;

  if (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1) {
    add("rulePriority", `expected a positive integer, got ${rule.rulePriority}`);
  } else if (rule.rulePriority > ECR_LIFECYCLE_INTEGER_MAX) {
    add("rulePriority", `expected at most ${ECR_LIFECYCLE_INTEGER_MAX} (ECR reads lifecycle numbers as 32-bit integers), got ${rule.rulePriority}. Use a smaller priority.`);
  }
  if (!Number.isInteger(rule.countNumber) || rule.countNumber < 1) {
    add("countNumber", `expected a positive integer, got ${rule.countNumber}`);
  } else if (rule.countNumber > ECR_LIFECYCLE_INTEGER_MAX) {
    add("countNumber", `expected at most ${ECR_LIFECYCLE_INTEGER_MAX} (ECR reads lifecycle numbers as 32-bit integers), got ${rule.countNumber}. Use a smaller count or number of days.`);
  } else if (rule.countType === "sinceImageTransitioned" && rule.countNumber < MIN_ARCHIVE_DAYS) {
    add("countNumber", `archived images are billed for at least ${MIN_ARCHIVE_DAYS} days and ECR rejects a rule that expires them sooner, got ${rule.countNumber}. Use ${MIN_ARCHIVE_DAYS} or more.`);
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
  rule.tagPatternList?.forEach((pattern, i) => add(`tagPatternList[${i}]`, tagPatternProblem(pattern)));
  if (rule.countType === "imageCountMoreThan" && rule.countUnit !== undefined) {
    add("countUnit", 'countUnit "days" goes only with the countTypes "sinceImagePushed", "sinceImagePulled" and "sinceImageTransitioned". Remove it for "imageCountMoreThan".');
  }
  add("storageClass", storageClassProblem(rule));
  add("action", actionProblem(rule));
  return problems;
}

function problemsAcrossRules(rules: readonly LifecycleRule[]): LifecycleRuleProblem[] {
  const problems: LifecycleRuleProblem[] = [];
  const firstWithPriority = new Map<number, number>();
  // ECR: "The set of all rules selecting a specific storage class must contain a unique set of prefixes"
  // and "Only one rule selecting a specific storage class is allowed to select untagged images".
  const firstWithPrefix = new Map<string, number>();
  const firstUntagged = new Map<StorageClass, number>();
  const highestPriority = Math.max(...rules.map((r) => r.rulePriority));

  rules.forEach((rule, index) => {
    const storageClass = storageClassOf(rule);
    const samePriority = firstWithPriority.get(rule.rulePriority);
    if (samePriority !== undefined) {
      problems.push({ index, field: "rulePriority", message: `rulePriority ${rule.rulePriority} is already used by lifecycleRules[${samePriority}]. Priorities must be unique.` });
    } else {
      firstWithPriority.set(rule.rulePriority, index);
    }
    if (rule.tagStatus === "untagged") {
      const other = firstUntagged.get(storageClass);
      if (other !== undefined) {
        problems.push({ index, field: "tagStatus", message: `lifecycleRules[${other}] already selects untagged ${storageClass} images; ECR allows only one such rule per storage class. Merge them.` });
      } else {
        firstUntagged.set(storageClass, index);
      }
    }
    if (rule.tagStatus === "any" && rule.rulePriority !== highestPriority) {
      problems.push({ index, field: "rulePriority", message: `a rule with tagStatus "any" must have the highest rulePriority (it has ${rule.rulePriority}, the highest is ${highestPriority}). Give it a priority above every other rule.` });
    }
    for (const prefix of rule.tagPrefixList ?? []) {
      const key = `${storageClass}\u0000${prefix}`;
      const other = firstWithPrefix.get(key);
      if (other !== undefined && other !== index) {
        problems.push({ index, field: "tagPrefixList", message: `tag prefix "${prefix}" is already used by lifecycleRules[${other}] for ${storageClass} images. Each prefix may appear in one rule per storage class.` });
      } else {
        firstWithPrefix.set(key, index);
      }
    }
  });
  return problems;
}

/** Every AWS constraint the rules break, in list order; empty when ECR would accept the policy. */
export function lifecycleRuleProblems(rules: readonly LifecycleRule[]): LifecycleRuleProblem[] {
  return [...rules.flatMap(problemsOfRule), ...problemsAcrossRules(rules)];
}

/**
 * One rule per protected tag pattern, at priorities 1..n. Each selects the images carrying a matching
 * tag and keeps {@link PROTECTED_IMAGE_COUNT} of them; since ECR does not let a lower-priority rule
 * expire or archive an image a higher-priority rule's tag selection matched, no later rule touches them.
 * (One rule per pattern: the patterns of one rule must all match, which would protect less.)
 */
export function protectionRules(protectedTagPatterns: readonly string[]): LifecycleRule[] {
  return protectedTagPatterns.map((pattern, i) => ({
    rulePriority: i + 1,
    description: `Protect images tagged ${pattern}: no later rule expires or archives them`,
    tagStatus: "tagged",
    tagPatternList: [pattern],
    countType: "imageCountMoreThan",
    countNumber: PROTECTED_IMAGE_COUNT,
  }));
}

/** The protection rules followed by the configured rules: the whole policy ECR evaluates. */
export function lifecyclePolicyRules(protectedTagPatterns: readonly string[], rules: readonly LifecycleRule[]): LifecycleRule[] {
  return [...protectionRules(protectedTagPatterns), ...rules];
}

/** A configured rule whose priority collides with a protection rule's: the protection must come first. */
export function protectionPriorityProblems(protectedTagPatterns: readonly string[], rules: readonly LifecycleRule[]): LifecycleRuleProblem[] {
  const taken = protectedTagPatterns.length;
  return rules.flatMap((rule, index) =>
    // A priority that is not a positive integer has its own message.
    taken > 0 && Number.isInteger(rule.rulePriority) && rule.rulePriority >= 1 && rule.rulePriority <= taken
      ? [{ index, field: "rulePriority", message: `rulePriority ${rule.rulePriority} is taken: the protection rules of protectedTagPatterns come first, at priorities 1-${taken}. Number this repository's rules from ${taken + 1}.` }]
      : [],
  );
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
        // "If you omit this, the value of standard will be used": only archive is written out.
        ...(storageClassOf(rule) === "archive" && { storageClass: "archive" }),
        countType: rule.countType,
        ...(rule.countType !== "imageCountMoreThan" && { countUnit: rule.countUnit ?? "days" }),
        countNumber: rule.countNumber,
      },
      action: actionOf(rule),
    })),
  });
}
