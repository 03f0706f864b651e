/**
 * ECR's lifecycle policy evaluator, offline: which images each rule expires.
 * Semantics from https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 * ("Lifecycle policy evaluation rules"): every rule selects and counts images independently,
 * then rules apply by priority, and a rule cannot expire an image that a higher-priority rule's
 * tag selection matched (whether or not that rule expired it).
 */
import type { LifecycleRule } from "../../constructs/registry/lifecycle-rules";

/** One image as `describe-images` reports it. */
export interface Image {
  readonly digest: string;
  /** Empty for an untagged image. */
  readonly tags: readonly string[];
  /** Push time, milliseconds since the epoch. */
  readonly pushedAt: number;
  readonly sizeBytes: number;
}

/** Two images pushed at the same instant on either side of an `imageCountMoreThan` boundary. */
export interface PushTimeTie {
  readonly kept: Image;
  readonly expired: Image;
}

export interface RuleOutcome {
  readonly rule: LifecycleRule;
  /** Images the rule's tag selection matches, newest first. */
  readonly selected: readonly Image[];
  /** Images this rule expires, newest first. */
  readonly expired: readonly Image[];
  /** Set when ECR's choice at the count boundary is not documented (see `newestFirst`). */
  readonly tie?: PushTimeTie;
}

export interface LifecyclePreview {
  /** One outcome per rule, in evaluation (priority) order. */
  readonly rules: readonly RuleOutcome[];
  /** Every image that stays, newest first. */
  readonly kept: readonly Image[];
  /** Every image that expires, newest first. */
  readonly expired: readonly Image[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Newest first by push time. ECR does not document the order of images pushed at the same
 * instant; this preview breaks such ties by digest (the greater digest counts as newer) so a
 * run is reproducible, and reports the tie when it decides which image a count rule keeps.
 */
export function newestFirst(a: Image, b: Image): number {
  return b.pushedAt - a.pushedAt || (a.digest < b.digest ? 1 : a.digest > b.digest ? -1 : 0);
}

/** `*` matches any run of characters (also none); the pattern must match the whole tag. */
export function tagMatchesPattern(tag: string, pattern: string): boolean {
  const source = pattern.split("*").map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`, "s").test(tag);
}

/** Whether the rule's tag selection matches the image: every listed prefix or pattern must match some tag. */
export function selects(rule: LifecycleRule, image: Image): boolean {
  switch (rule.tagStatus) {
    case "any":
      return true;
    case "untagged":
      return image.tags.length === 0;
    case "tagged": {
      if (image.tags.length === 0) return false;
      const prefixes = rule.tagPrefixList ?? [];
      const patterns = rule.tagPatternList ?? [];
      return (
        prefixes.every((prefix) => image.tags.some((tag) => tag.startsWith(prefix))) &&
        patterns.every((pattern) => image.tags.some((tag) => tagMatchesPattern(tag, pattern)))
      );
    }
  }
}

function candidates(rule: LifecycleRule, selected: readonly Image[], now: number): { images: Image[]; tie?: PushTimeTie } {
  if (rule.countType === "sinceImagePushed") {
    return { images: selected.filter((image) => now - image.pushedAt > rule.countNumber * DAY_MS) };
  }
  const lastKept = selected[rule.countNumber - 1];
  const firstBeyond = selected[rule.countNumber];
  const tie = lastKept && firstBeyond && lastKept.pushedAt === firstBeyond.pushedAt ? { kept: lastKept, expired: firstBeyond } : undefined;
  return { images: selected.slice(rule.countNumber), ...(tie && { tie }) };
}

/** What ECR would expire from `images` under `rules` at time `now` (ms since the epoch). */
export function previewLifecycle(rules: readonly LifecycleRule[], images: readonly Image[], now: number): LifecyclePreview {
  const byAge = [...images].sort(newestFirst);
  const seenByHigherRule = new Set<Image>();
  const expired = new Set<Image>();
  const outcomes = [...rules]
    .sort((a, b) => a.rulePriority - b.rulePriority)
    .map((rule): RuleOutcome => {
      const selected = byAge.filter((image) => selects(rule, image));
      const { images, tie } = candidates(rule, selected, now);
      const expiredHere = images.filter((image) => !seenByHigherRule.has(image));
      // A tie between two images a higher rule already protects changes nothing.
      const tieMatters = tie !== undefined && !(seenByHigherRule.has(tie.kept) && seenByHigherRule.has(tie.expired));
      for (const image of selected) seenByHigherRule.add(image);
      for (const image of expiredHere) expired.add(image);
      return { rule, selected, expired: expiredHere, ...(tieMatters && { tie }) };
    });
  return {
    rules: outcomes,
    kept: byAge.filter((image) => !expired.has(image)),
    expired: byAge.filter((image) => expired.has(image)),
  };
}
