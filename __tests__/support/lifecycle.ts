import type { LifecycleRule } from "../../constructs/registry/lifecycle-rules";
import type { Image } from "../../tools/lifecycle-preview/evaluate";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const MIB = 1024 ** 2;

/** The rules of a rendered `aws_ecr_lifecycle_policy.policy`, back in the typed (flattened) shape the evaluator takes. */
export function rulesOfPolicy(policyJson: string): LifecycleRule[] {
  const policy = JSON.parse(policyJson) as { rules: { rulePriority: number; description?: string; selection: Record<string, any>; action: any }[] };
  return policy.rules.map((rule) => ({ rulePriority: rule.rulePriority, description: rule.description, ...rule.selection, action: rule.action }) as LifecycleRule);
}

/** A standard-class image pushed at `pushedAt` (ms). */
export function pushed(digest: string, tags: string[], pushedAt: number, sizeBytes = 200 * MIB): Image {
  return { digest, tags, pushedAt, sizeBytes, storageClass: "standard" };
}

/** When the scenarios start: the first real release. */
export const HISTORY_START = Date.parse("2025-01-01T00:00:00Z");

/**
 * Issue 12's adversarial replay: 31 real releases v1.0.0..v1.30.0, one a day, the newest one
 * deployed (it carries `deployed-<time>`); then, the day after, 30 pushes of tags that start with
 * `v` but are not releases: `very-bad-N`, `vfooN` and `v1.2.3-rcN`, ten of each, one an hour.
 * `adversarial` picks other tags for those 30 pushes.
 */
export function adversarialReplay(adversarial: (n: number) => string = (n) => ["very-bad-", "vfoo", "v1.2.3-rc"][n % 3] + n) {
  const releases = Array.from({ length: 31 }, (_, n) => {
    const tags = [`v1.${n}.0`, ...(n === 30 ? ["deployed-20250131T120000Z"] : [])];
    return pushed(`sha256:release-${String(n).padStart(2, "0")}`, tags, HISTORY_START + n * DAY);
  });
  const afterReleases = HISTORY_START + 31 * DAY;
  const attacks = Array.from({ length: 30 }, (_, n) => pushed(`sha256:attack-${String(n).padStart(2, "0")}`, [adversarial(n)], afterReleases + n * HOUR));
  return { releases, attacks, images: [...releases, ...attacks], now: afterReleases + 2 * DAY };
}

/**
 * poc after 300 master builds, one every 8 hours: each build is pushed by digest and tagged with its
 * commit SHA once the scan gate passes; every 10th failed the gate and stayed untagged.
 */
export function pocBuilds(count = 300) {
  const images = Array.from({ length: count }, (_, n) => {
    const sha = n.toString(16).padStart(40, "0");
    return pushed(`sha256:build-${String(n).padStart(3, "0")}`, n % 10 === 9 ? [] : [sha], HISTORY_START + n * 8 * HOUR, 150 * MIB);
  });
  return { images, now: HISTORY_START + count * 8 * HOUR };
}
