import type { LifecycleRule } from "../../../constructs/registry/lifecycle-rules";
import { type Image, previewLifecycle, tagMatchesPattern } from "../../../tools/lifecycle-preview/evaluate";

const NOW = Date.parse("2025-06-01T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

/** Image `name` (its digest) with the given tags, pushed `daysAgo` days before NOW, in the standard storage class. */
function image(name: string, tags: string[], daysAgo: number, sizeBytes = 100): Image {
  return { digest: name, tags, pushedAt: NOW - daysAgo * DAY, sizeBytes, storageClass: "standard" };
}

/** Image `name`, archived `archivedDaysAgo` days before NOW. */
function archivedImage(name: string, tags: string[], pushedDaysAgo: number, archivedDaysAgo: number): Image {
  return { ...image(name, tags, pushedDaysAgo), storageClass: "archive", lastArchivedAt: NOW - archivedDaysAgo * DAY };
}

const ARCHIVE = { type: "transition", targetStorageClass: "archive" } as const;

function expiredBy(rules: LifecycleRule[], images: Image[]): string[] {
  return previewLifecycle(rules, images, NOW).expired.map((i) => i.digest).sort();
}

const keepNewest = (rulePriority: number, count: number, selection: Partial<LifecycleRule>): LifecycleRule => ({
  rulePriority,
  tagStatus: "tagged",
  countType: "imageCountMoreThan",
  countNumber: count,
  ...selection,
});

// The worked examples of https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
describe("AWS's worked examples", () => {
  describe("filtering on multiple rules", () => {
    const images = [image("A", ["beta-1", "prod-1"], 10), image("B", ["beta-2", "prod-2"], 9), image("C", ["beta-3"], 8)];

    it("example A: the beta rule cannot expire B, which the higher-priority prod rule selects", () => {
      const rules = [keepNewest(1, 1, { tagPrefixList: ["prod"] }), keepNewest(2, 1, { tagPrefixList: ["beta"] })];
      expect(expiredBy(rules, images)).toEqual(["A"]);
    });

    it("example B: with priorities swapped, the beta rule expires A and B and the prod rule sees nothing new", () => {
      const rules = [keepNewest(1, 1, { tagPrefixList: ["beta"] }), keepNewest(2, 1, { tagPrefixList: ["prod"] })];
      const preview = previewLifecycle(rules, images, NOW);
      expect(preview.rules.map((r) => r.expired.map((i) => i.digest))).toEqual([["B", "A"], []]);
    });
  });

  describe("filtering on multiple tags in a single rule", () => {
    it("example A: an image must match every prefix; only the old one of those is expired", () => {
      const images = [
        image("A", ["alpha-1"], 12),
        image("B", ["beta-1"], 11),
        image("C", ["alpha-2", "beta-2"], 10),
        image("D", ["alpha-3"], 4),
        image("E", ["beta-3"], 3),
        image("F", ["alpha-4", "beta-4"], 2),
      ];
      const rule: LifecycleRule = { rulePriority: 1, tagStatus: "tagged", tagPrefixList: ["alpha", "beta"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 };
      expect(expiredBy([rule], images)).toEqual(["C"]);
    });

    it("example B: extra tags do not stop a match; all but the newest are expired", () => {
      const images = [image("A", ["alpha-1", "beta-1", "gamma-1"], 10), image("B", ["alpha-2", "beta-2"], 9), image("C", ["alpha-3", "beta-3", "gamma-2"], 8)];
      expect(expiredBy([keepNewest(1, 1, { tagPrefixList: ["alpha", "beta"] })], images)).toEqual(["A", "B"]);
    });
  });

  describe("filtering on all images", () => {
    it("example A: an any rule keeps only the newest image, tagged or not", () => {
      const images = [image("A", ["alpha-1"], 4), image("B", ["beta-1"], 3), image("C", [], 2), image("D", ["alpha-2"], 1)];
      const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 };
      expect(expiredBy([rule], images)).toEqual(["A", "B", "C"]);
    });

    it("example B: the any rule expires only D, because higher rules selected A, B, C and E", () => {
      // The docs push D and E both "1 day ago" and keep E; E is the later push here so the example is unambiguous.
      const images = [image("A", ["alpha-1", "beta-1"], 4), image("B", [], 3), image("C", ["alpha-2"], 2), image("D", ["git hash"], 1.01), image("E", [], 0.99)];
      const rules: LifecycleRule[] = [
        keepNewest(1, 1, { tagPrefixList: ["alpha"] }),
        { rulePriority: 2, tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
        { rulePriority: 3, tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
      ];
      expect(previewLifecycle(rules, images, NOW).rules.map((r) => r.expired.map((i) => i.digest))).toEqual([["A"], ["B"], ["D"]]);
    });
  });
});

describe("rule evaluation", () => {
  it("evaluates rules by rulePriority, not by their order in the list", () => {
    const images = [image("A", ["beta-1", "prod-1"], 10), image("B", ["beta-2", "prod-2"], 9), image("C", ["beta-3"], 8)];
    const rules = [keepNewest(2, 1, { tagPrefixList: ["beta"] }), keepNewest(1, 1, { tagPrefixList: ["prod"] })];
    expect(expiredBy(rules, images)).toEqual(["A"]);
  });

  it("expires an image at most once even when two rules count it", () => {
    const images = [image("A", ["v1", "rc1"], 10), image("B", ["v2", "rc2"], 9), image("C", ["v3", "rc3"], 8)];
    const rules = [keepNewest(1, 1, { tagPrefixList: ["v"] }), keepNewest(2, 1, { tagPrefixList: ["rc"] })];
    const preview = previewLifecycle(rules, images, NOW);
    expect(preview.rules[1].expired).toEqual([]);
    expect(preview.expired.map((i) => i.digest)).toEqual(["B", "A"]);
  });

  it("matches a multi-tag image by any one of its tags", () => {
    const images = [image("A", ["sha-1234", "v1.0.0"], 10), image("B", ["v1.1.0"], 9)];
    expect(expiredBy([keepNewest(1, 1, { tagPrefixList: ["v"] })], images)).toEqual(["A"]);
  });

  it("never lets a tagged rule select untagged images", () => {
    const images = [image("A", [], 10), image("B", [], 9)];
    expect(expiredBy([keepNewest(1, 1, { tagPatternList: ["*"] })], images)).toEqual([]);
  });

  it("lets an untagged rule select only untagged images", () => {
    const images = [image("A", [], 10), image("B", ["v1"], 10)];
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 };
    expect(expiredBy([rule], images)).toEqual(["A"]);
  });

  it("expires an image only once it is more than countNumber days old", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 };
    const images = [image("exactly7", [], 7), image("just-over", [], 7 + 1 / DAY), image("under", [], 6.9)];
    expect(expiredBy([rule], images)).toEqual(["just-over"]);
  });

  it("keeps every image a rule selects while there are no more than countNumber", () => {
    const images = [image("A", ["v1"], 300), image("B", ["v2"], 200)];
    expect(expiredBy([keepNewest(1, 2, { tagPrefixList: ["v"] })], images)).toEqual([]);
  });

  it("never expires images that no rule selects", () => {
    const images = [image("A", ["feature-x"], 999), image("B", ["v1"], 2), image("C", ["v2"], 1)];
    const preview = previewLifecycle([keepNewest(1, 1, { tagPrefixList: ["v"] })], images, NOW);
    expect(preview.kept.map((i) => i.digest)).toEqual(["C", "A"]);
  });
});

describe("equal push times", () => {
  const rule = keepNewest(1, 1, { tagPrefixList: ["v"] });
  const images = [image("sha256:aaaa", ["v1"], 3), image("sha256:ffff", ["v2"], 3), image("sha256:0000", ["v0"], 5)];

  it("counts the image with the greater digest as the newer one", () => {
    expect(previewLifecycle([rule], images, NOW).kept.map((i) => i.digest)).toEqual(["sha256:ffff"]);
  });

  it("gives the same result whatever the input order", () => {
    expect(expiredBy([rule], [...images].reverse())).toEqual(expiredBy([rule], images));
  });

  it("reports a tie at the count boundary, since ECR's choice there is undocumented", () => {
    const { tie } = previewLifecycle([rule], images, NOW).rules[0];
    expect(tie).toEqual({ kept: images[1], expired: images[0] });
  });

  it("reports no tie when the boundary images were pushed at different times", () => {
    const distinct = [image("A", ["v1"], 3), image("B", ["v2"], 2)];
    expect(previewLifecycle([rule], distinct, NOW).rules[0].tie).toBeUndefined();
  });
});

describe("tag patterns", () => {
  it.each([
    ["prod*", "prod", true],
    ["prod*", "prod-1", true],
    ["prod*", "preprod-1", false],
    ["*-rc*", "v1.2.0-rc1", true],
    ["v*.*.*", "v1.2", false],
    ["v1.2", "v1x2", false],
    ["release", "release-1", false],
  ])("%s matches %s: %s", (pattern, tag, matches) => {
    expect(tagMatchesPattern(tag, pattern)).toBe(matches);
  });

  it("requires every pattern of the list to match some tag of the image", () => {
    const images = [image("A", ["prod-1"], 10), image("B", ["prod-2", "sha-2"], 9), image("C", ["prod-3", "sha-3"], 8)];
    expect(expiredBy([keepNewest(1, 1, { tagPatternList: ["prod-*", "sha-*"] })], images)).toEqual(["B"]);
  });
});

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html, evaluation rules for the archive storage class
describe("archive storage class", () => {
  it("archives, rather than expires, the images a transition rule counts out", () => {
    const images = [image("A", ["v1.0.0"], 3), image("B", ["v1.1.0"], 2), image("C", ["v1.2.0"], 1)];
    const preview = previewLifecycle([keepNewest(1, 1, { tagPatternList: ["v*.*.*"], action: ARCHIVE })], images, NOW);
    expect([preview.archived.map((i) => i.digest), preview.expired]).toEqual([["B", "A"], []]);
  });

  it("never selects archived images with a standard-class rule, so they do not count towards its newest N", () => {
    const images = [archivedImage("OLD", ["v0.9.0"], 400, 200), image("A", ["v1.0.0"], 2), image("B", ["v1.1.0"], 1)];
    expect(expiredBy([keepNewest(1, 2, { tagPatternList: ["v*.*.*"] })], images)).toEqual([]);
  });

  it("expires archived images once they have been archived more than countNumber days", () => {
    const images = [archivedImage("LONG", ["v1"], 500, 366), archivedImage("RECENT", ["v2"], 500, 100), image("STANDARD", ["v3"], 500)];
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countNumber: 365 };
    expect(expiredBy([rule], images)).toEqual(["LONG"]);
  });

  it("archives images by days since their last pull, falling back to the push time for images never pulled", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "sinceImagePulled", countNumber: 30, action: ARCHIVE };
    const images = [
      { ...image("PULLED-RECENTLY", ["a"], 100), lastPulledAt: NOW - 5 * DAY },
      { ...image("PULLED-LONG-AGO", ["b"], 100), lastPulledAt: NOW - 40 * DAY },
      image("NEVER-PULLED-OLD", ["c"], 31),
      image("NEVER-PULLED-NEW", ["d"], 29),
    ];
    expect(previewLifecycle([rule], images, NOW).archived.map((i) => i.digest).sort()).toEqual(["NEVER-PULLED-OLD", "PULLED-LONG-AGO"]);
  });

  it("measures pull age of an image restored and not pulled since from its restore", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "sinceImagePulled", countNumber: 30, action: ARCHIVE };
    const restored = { ...image("RESTORED", ["a"], 300), lastPulledAt: NOW - 200 * DAY, lastActivatedAt: NOW - 10 * DAY };
    expect(previewLifecycle([rule], [restored], NOW).archived).toEqual([]);
  });

  it("orders a restored image by its restore time when counting the newest N", () => {
    const images = [{ ...image("RESTORED", ["v1.0.0"], 300), lastActivatedAt: NOW - 1 * DAY }, image("A", ["v1.1.0"], 5)];
    expect(expiredBy([keepNewest(1, 1, { tagPatternList: ["v*.*.*"] })], images)).toEqual(["A"]);
  });
});

describe("protection by a higher-priority rule", () => {
  const protect: LifecycleRule = keepNewest(1, 100000, { tagPatternList: ["deployed-*"] });

  it("shields an image carrying a protected tag from a lower rule's expiry, while that rule still counts it", () => {
    const images = [image("OLD-DEPLOYED", ["v1.0.0", "deployed-20250101T000000Z"], 9), image("B", ["v1.1.0"], 2), image("C", ["v1.2.0"], 1)];
    const preview = previewLifecycle([protect, keepNewest(2, 1, { tagPatternList: ["v*.*.*"] })], images, NOW);
    expect(preview.expired.map((i) => i.digest)).toEqual(["B"]);
    expect(preview.rules[1].shielded.map((i) => i.digest)).toEqual(["OLD-DEPLOYED"]);
  });

  it("shields it from archiving too", () => {
    const images = [image("OLD-DEPLOYED", ["v1.0.0", "deployed-x"], 9), image("C", ["v1.2.0"], 1)];
    expect(previewLifecycle([protect, keepNewest(2, 1, { tagPatternList: ["v*.*.*"], action: ARCHIVE })], images, NOW).archived).toEqual([]);
  });
});
