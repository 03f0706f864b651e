/**
 * ECR's lifecycle policy evaluator, offline: which images each rule expires or archives.
 * Semantics from https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 * ("Lifecycle policy evaluation rules"): every rule selects and counts images independently,
 * then rules apply by priority, and a rule cannot expire or archive an image that a
 * higher-priority rule's selection matched (whether or not that rule acted on it).
 */
import { actionOf, storageClassOf, type LifecycleRule, type StorageClass } from "../../constructs/registry/lifecycle-rules";

/** One image as `describe-images` reports it; times are milliseconds since the epoch. */
export interface Image {
  readonly digest: string;
  /** Empty for an untagged image. */
  readonly tags: readonly string[];
  readonly pushedAt: number;
  readonly sizeBytes: number;
  /** `archive` when `imageStatus` is `ARCHIVED`. */
  readonly storageClass: StorageClass;
  /** `lastRecordedPullTime`; absent when never pulled. */
  readonly lastPulledAt?: number;
  /** `lastArchivedAt`: when the image last moved to the archive storage class. */
  readonly lastArchivedAt?: number;
  /** `lastActivatedAt`: when the image was last restored from the archive. */
  readonly lastActivatedAt?: number;
}

/** Two images pushed at the same instant on either side of an `imageCountMoreThan` boundary. */
export interface PushTimeTie {
  readonly kept: Image;
  readonly expired: Image;
}

export interface RuleOutcome {
  readonly rule: LifecycleRule;
  /** Images the rule's selection (tags and storage class) matches, newest first. */
  readonly selected: readonly Image[];
  /** The selected images a higher-priority rule also selected: this rule counts them but cannot act on them. */
  readonly shielded: readonly Image[];
  /** Images this rule deletes (`expire`), newest first. */
  readonly expired: readonly Image[];
  /** Images this rule moves to the archive storage class (`transition`), newest first. */
  readonly archived: readonly Image[];
  /** Set when ECR's choice at the count boundary is not documented (see `newestFirst`). */
  readonly tie?: PushTimeTie;
}

export interface LifecyclePreview {
  /** One outcome per rule, in evaluation (priority) order. */
  readonly rules: readonly RuleOutcome[];
  /** Every image no rule acts on, newest first; each stays in its storage class. */
  readonly kept: readonly Image[];
  /** Every image a rule moves to the archive storage class, newest first. */
  readonly archived: readonly Image[];
  /** Every image a rule deletes, newest first. */
  readonly expired: readonly Image[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** ECR orders by push time, except that "if an image was archived and then restored ... last_activated_at is used instead". */
function orderingTime(image: Image): number {
  return image.lastActivatedAt ?? image.pushedAt;
}

/**
 * Newest first by ordering time. ECR does not document the order of images pushed at the same
 * instant; this preview breaks such ties by digest (the greater digest counts as newer) so a
 * run is reproducible, and reports the tie when it decides which image a count rule keeps.
 */
export function newestFirst(a: Image, b: Image): number {
  return orderingTime(b) - orderingTime(a) || (a.digest < b.digest ? 1 : a.digest > b.digest ? -1 : 0);
}

/** `*` matches any run of characters (also none); the pattern must match the whole tag. */
export function tagMatchesPattern(tag: string, pattern: string): boolean {
  const source = pattern.split("*").map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`, "s").test(tag);
}

function tagsMatch(rule: LifecycleRule, image: Image): boolean {
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

/**
 * Whether the rule's selection matches the image: its tags (every listed prefix or pattern must
 * match some tag) and its storage class ("The rule will only select images of this storage class").
 * Whether a standard-class rule also shields archived images from later rules is not documented;
 * treating selection as tags and class together predicts more deletions, never fewer.
 */
export function selects(rule: LifecycleRule, image: Image): boolean {
  return image.storageClass === storageClassOf(rule) && tagsMatch(rule, image);
}

/** The time a `since...` count type measures from, per the evaluation rules. */
function ageBasis(rule: LifecycleRule, image: Image): number {
  switch (rule.countType) {
    case "sinceImagePulled": {
      // Never pulled: pushed_at; restored and not pulled since: last_activated_at.
      const restoredAt = image.lastActivatedAt;
      if (image.lastPulledAt !== undefined && (restoredAt === undefined || image.lastPulledAt >= restoredAt)) return image.lastPulledAt;
      return restoredAt ?? image.pushedAt;
    }
    case "sinceImageTransitioned":
      // The input reader requires lastArchivedAt for archived images, the only ones such a rule selects.
      return image.lastArchivedAt ?? image.pushedAt;
    default:
      return image.pushedAt;
  }
}

function candidates(rule: LifecycleRule, selected: readonly Image[], now: number): { images: Image[]; tie?: PushTimeTie } {
  if (rule.countType !== "imageCountMoreThan") {
    return { images: selected.filter((image) => now - ageBasis(rule, image) > rule.countNumber * DAY_MS) };
  }
  const lastKept = selected[rule.countNumber - 1];
  const firstBeyond = selected[rule.countNumber];
  const tie = lastKept && firstBeyond && orderingTime(lastKept) === orderingTime(firstBeyond) ? { kept: lastKept, expired: firstBeyond } : undefined;
  return { images: selected.slice(rule.countNumber), ...(tie && { tie }) };
}

/** What ECR would expire and archive from `images` under `rules` at time `now` (ms since the epoch). */
export function previewLifecycle(rules: readonly LifecycleRule[], images: readonly Image[], now: number): LifecyclePreview {
  const byAge = [...images].sort(newestFirst);
  const seenByHigherRule = new Set<Image>();
  const expired = new Set<Image>();
  const archived = new Set<Image>();
  const outcomes = [...rules]
    .sort((a, b) => a.rulePriority - b.rulePriority)
    .map((rule): RuleOutcome => {
      const selected = byAge.filter((image) => selects(rule, image));
      const { images: counted, tie } = candidates(rule, selected, now);
      const acted = counted.filter((image) => !seenByHigherRule.has(image));
      const shielded = selected.filter((image) => seenByHigherRule.has(image));
      // A tie between two images a higher rule already protects changes nothing.
      const tieMatters = tie !== undefined && !(seenByHigherRule.has(tie.kept) && seenByHigherRule.has(tie.expired));
      for (const image of selected) seenByHigherRule.add(image);
      const transition = actionOf(rule).type === "transition";
      for (const image of acted) (transition ? archived : expired).add(image);
      return { rule, selected, shielded, expired: transition ? [] : acted, archived: transition ? acted : [], ...(tieMatters && { tie }) };
    });
  return {
    rules: outcomes,
    kept: byAge.filter((image) => !expired.has(image) && !archived.has(image)),
    archived: byAge.filter((image) => archived.has(image)),
    expired: byAge.filter((image) => expired.has(image)),
  };
}
