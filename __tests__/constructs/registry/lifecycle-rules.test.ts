import {
  lifecyclePolicyRules,
  lifecycleRuleProblems,
  protectionPriorityProblems,
  renderLifecyclePolicy,
  type LifecycleRule,
} from "../../../constructs/registry/lifecycle-rules";

const untagged7Days: LifecycleRule = {
  rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7,
};
const keep30Releases: LifecycleRule = {
  rulePriority: 2, tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30,
};

/** The messages of every problem, as `field: message`. */
const problemsOf = (...rules: LifecycleRule[]) => lifecycleRuleProblems(rules).map((p) => `[${p.index}].${p.field}: ${p.message}`);

describe("lifecycle rule constraints (AWS's documented rules)", () => {
  it("accepts the prod rules: untagged after 7 days, newest 30 releases", () => {
    expect(problemsOf(untagged7Days, keep30Releases)).toEqual([]);
  });

  it("rejects two rules with the same priority", () => {
    expect(problemsOf(untagged7Days, { ...keep30Releases, rulePriority: 1 })).toEqual([
      "[1].rulePriority: rulePriority 1 is already used by lifecycleRules[0]. Priorities must be unique.",
    ]);
  });

  it("rejects a tagged rule with neither a prefix list nor a pattern list", () => {
    expect(problemsOf({ ...keep30Releases, tagPrefixList: undefined })).toEqual([
      '[0].tagStatus: a "tagged" rule needs exactly one of tagPrefixList or tagPatternList. Give one of them, not both.',
    ]);
  });

  it("rejects a tagged rule with both a prefix list and a pattern list", () => {
    expect(problemsOf({ ...keep30Releases, tagPatternList: ["v*"] })).toContain(
      '[0].tagStatus: a "tagged" rule needs exactly one of tagPrefixList or tagPatternList. Give one of them, not both.',
    );
  });

  it.each(["untagged", "any"] as const)("rejects a tag list on an %s rule", (tagStatus) => {
    expect(problemsOf({ ...untagged7Days, tagStatus, tagPrefixList: ["v"] })).toEqual([
      `[0].tagStatus: a "${tagStatus}" rule takes neither tagPrefixList nor tagPatternList. Remove them, or use tagStatus "tagged".`,
    ]);
  });

  it("rejects an empty tag list", () => {
    expect(problemsOf({ ...keep30Releases, tagPrefixList: [] })).toEqual([
      "[0].tagPrefixList: expected at least one entry. Remove the field or list the tags.",
    ]);
  });

  it("rejects a second rule selecting untagged images", () => {
    expect(problemsOf(untagged7Days, { ...untagged7Days, rulePriority: 2, countType: "imageCountMoreThan", countUnit: undefined })).toEqual([
      "[1].tagStatus: lifecycleRules[0] already selects untagged standard images; ECR allows only one such rule per storage class. Merge them.",
    ]);
  });

  it("rejects an any rule that is not evaluated last", () => {
    const anyFirst: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 };
    expect(problemsOf(anyFirst, keep30Releases)).toEqual([
      '[0].rulePriority: a rule with tagStatus "any" must have the highest rulePriority (it has 1, the highest is 2). Give it a priority above every other rule.',
    ]);
  });

  it("accepts an any rule with the highest priority", () => {
    const anyLast: LifecycleRule = { rulePriority: 9, tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 };
    expect(problemsOf(untagged7Days, keep30Releases, anyLast)).toEqual([]);
  });

  it.each([0, -3, 1.5])("rejects countNumber %p", (countNumber) => {
    expect(problemsOf({ ...keep30Releases, countNumber })).toEqual([
      `[0].countNumber: expected a positive integer, got ${countNumber}`,
    ]);
  });

  it("rejects a priority that is not a positive integer", () => {
    expect(problemsOf({ ...untagged7Days, rulePriority: 0 })).toEqual(["[0].rulePriority: expected a positive integer, got 0"]);
  });

  it("rejects countUnit days on a count-based rule", () => {
    expect(problemsOf({ ...keep30Releases, countUnit: "days" })).toEqual([
      '[0].countUnit: countUnit "days" goes only with the countTypes "sinceImagePushed", "sinceImagePulled" and "sinceImageTransitioned". Remove it for "imageCountMoreThan".',
    ]);
  });

  it("rejects a pattern with more than four wildcards", () => {
    expect(problemsOf({ ...keep30Releases, tagPrefixList: undefined, tagPatternList: ["*a*b*c*d*"] })).toEqual([
      '[0].tagPatternList[0]: "*a*b*c*d*" has 5 wildcards; ECR allows at most 4 per pattern.',
    ]);
  });

  it("accepts a pattern with four wildcards", () => {
    expect(problemsOf({ ...keep30Releases, tagPrefixList: undefined, tagPatternList: ["*a*b*c*"] })).toEqual([]);
  });

  it("rejects the same tag prefix in two rules", () => {
    expect(problemsOf(keep30Releases, { ...keep30Releases, rulePriority: 3, tagPrefixList: ["release", "v"] })).toEqual([
      '[1].tagPrefixList: tag prefix "v" is already used by lifecycleRules[0] for standard images. Each prefix may appear in one rule per storage class.',
    ]);
  });
});

const archiveOldReleases: LifecycleRule = { ...keep30Releases, action: { type: "transition", targetStorageClass: "archive" } };
const expireArchivedAfter = (days: number): LifecycleRule => ({
  rulePriority: 3, tagStatus: "tagged", tagPrefixList: ["v"], storageClass: "archive", countType: "sinceImageTransitioned", countNumber: days,
});

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html and LifecyclePolicies.html
describe("archive storage class constraints", () => {
  it("accepts archiving releases beyond the newest 30, and expiring them after 365 days in the archive", () => {
    expect(problemsOf(untagged7Days, archiveOldReleases, expireArchivedAfter(365))).toEqual([]);
  });

  it("accepts archiving images not pulled for 90 days", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "sinceImagePulled", countNumber: 90, action: { type: "transition", targetStorageClass: "archive" } };
    expect(problemsOf(rule)).toEqual([]);
  });

  it("rejects expiring by pull age, which ECR only archives", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "sinceImagePulled", countNumber: 90 };
    expect(problemsOf(rule)).toEqual([
      '[0].action: countType "sinceImagePulled" can only archive (ECR archives images not pulled for N days; it never expires them by pull age). Use action {"type": "transition", "targetStorageClass": "archive"}, or count by sinceImagePushed or imageCountMoreThan to expire.',
    ]);
  });

  it("rejects archiving already archived images", () => {
    expect(problemsOf({ ...expireArchivedAfter(365), action: { type: "transition", targetStorageClass: "archive" } })).toEqual([
      '[0].action: archived images can only be expired: use action {"type": "expire"}.',
    ]);
  });

  it("rejects expiring archived images sooner than ECR's 90-day minimum", () => {
    expect(problemsOf(expireArchivedAfter(89))).toEqual([
      "[0].countNumber: archived images are billed for at least 90 days and ECR rejects a rule that expires them sooner, got 89. Use 90 or more.",
    ]);
  });

  it("accepts expiring archived images after exactly 90 days", () => {
    expect(problemsOf(expireArchivedAfter(90))).toEqual([]);
  });

  it("rejects counting archived images without storageClass archive", () => {
    expect(problemsOf({ ...expireArchivedAfter(365), storageClass: undefined })).toEqual([
      '[0].storageClass: countType "sinceImageTransitioned" counts archived images: set storageClass "archive".',
    ]);
  });

  it.each(["imageCountMoreThan", "sinceImagePushed", "sinceImagePulled"] as const)("rejects storageClass archive with countType %s", (countType) => {
    const action = countType === "sinceImagePulled" ? ({ type: "transition", targetStorageClass: "archive" } as const) : undefined;
    expect(problemsOf({ ...keep30Releases, countType, storageClass: "archive", action })).toEqual([
      `[0].storageClass: storageClass "archive" goes only with countType "sinceImageTransitioned" (ECR counts archived images by days since they were archived), got "${countType}".`,
    ]);
  });

  it("rejects a transition without its target storage class", () => {
    expect(problemsOf({ ...keep30Releases, action: { type: "transition" } })).toEqual([
      '[0].action: a "transition" needs targetStorageClass "archive", ECR\'s only archive class.',
    ]);
  });

  it("rejects a target storage class on an expire action", () => {
    expect(problemsOf({ ...keep30Releases, action: { type: "expire", targetStorageClass: "archive" } })).toEqual([
      '[0].action: an "expire" action takes no targetStorageClass. Remove it, or use type "transition".',
    ]);
  });

  it("lets the same prefix appear once per storage class", () => {
    expect(problemsOf(keep30Releases, expireArchivedAfter(365))).toEqual([]);
  });

  it("lets one untagged rule per storage class exist", () => {
    const untaggedArchived: LifecycleRule = { rulePriority: 2, tagStatus: "untagged", storageClass: "archive", countType: "sinceImageTransitioned", countNumber: 90 };
    expect(problemsOf(untagged7Days, untaggedArchived)).toEqual([]);
  });
});

describe("protection rules (protectedTagPatterns)", () => {
  const policy = lifecyclePolicyRules(["deployed-*", "keep-*"], [{ ...untagged7Days, rulePriority: 3 }]);

  it("come first, one rule per pattern, so each pattern protects on its own", () => {
    expect(policy.map((r) => [r.rulePriority, r.tagPatternList])).toEqual([[1, ["deployed-*"]], [2, ["keep-*"]], [3, undefined]]);
  });

  it("keep as many images as a repository can hold at its default quota (100,000) and pass ECR's constraints", () => {
    expect(policy.slice(0, 2).map((r) => [r.countType, r.countNumber])).toEqual([["imageCountMoreThan", 100000], ["imageCountMoreThan", 100000]]);
    expect(problemsOf(...policy)).toEqual([]);
  });

  it("refuse a configured rule at a priority they take", () => {
    expect(protectionPriorityProblems(["deployed-*"], [untagged7Days]).map((p) => `[${p.index}].${p.field}: ${p.message}`)).toEqual([
      "[0].rulePriority: rulePriority 1 is taken: the protection rules of protectedTagPatterns come first, at priorities 1-1. Number this repository's rules from 2.",
    ]);
  });
});

describe("rendered lifecycle policy", () => {
  const rendered = JSON.parse(renderLifecyclePolicy([keep30Releases, untagged7Days]));

  it("lists rules in priority order, as ECR evaluates them", () => {
    expect(rendered.rules.map((r: { rulePriority: number }) => r.rulePriority)).toEqual([1, 2]);
  });

  it("expires untagged images 7 days after push", () => {
    expect(rendered.rules[0]).toEqual({
      rulePriority: 1,
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      action: { type: "expire" },
    });
  });

  it("keeps the newest 30 v-tagged images, with no keys ECR does not expect", () => {
    expect(rendered.rules[1]).toEqual({
      rulePriority: 2,
      selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30 },
      action: { type: "expire" },
    });
  });

  it("writes a pattern-list rule's patterns and description, which select what it keeps", () => {
    const rule: LifecycleRule = { rulePriority: 1, description: "keep releases", tagStatus: "tagged", tagPatternList: ["v*.*.*"], countType: "imageCountMoreThan", countNumber: 30 };
    expect(JSON.parse(renderLifecyclePolicy([rule])).rules).toEqual([
      {
        rulePriority: 1,
        description: "keep releases",
        selection: { tagStatus: "tagged", tagPatternList: ["v*.*.*"], countType: "imageCountMoreThan", countNumber: 30 },
        action: { type: "expire" },
      },
    ]);
  });

  it("fills in countUnit days for an age-based rule that left it out", () => {
    const policy = JSON.parse(renderLifecyclePolicy([{ ...untagged7Days, countUnit: undefined }]));
    expect(policy.rules[0].selection.countUnit).toBe("days");
  });
});

describe("rendered archive rules", () => {
  const [archive, expireArchived] = JSON.parse(renderLifecyclePolicy([archiveOldReleases, expireArchivedAfter(365)])).rules;

  it("writes the transition action with its target storage class", () => {
    expect(archive.action).toEqual({ type: "transition", targetStorageClass: "archive" });
  });

  it("writes storageClass only for archive selections (ECR assumes standard when it is absent)", () => {
    expect(archive.selection.storageClass).toBeUndefined();
    expect(expireArchived.selection).toEqual({
      tagStatus: "tagged", tagPrefixList: ["v"], storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 365,
    });
  });

  it("fills in countUnit days for sinceImagePulled", () => {
    const rule: LifecycleRule = { rulePriority: 1, tagStatus: "any", countType: "sinceImagePulled", countNumber: 90, action: { type: "transition", targetStorageClass: "archive" } };
    expect(JSON.parse(renderLifecyclePolicy([rule])).rules[0].selection.countUnit).toBe("days");
  });
});

describe("the largest and smallest numbers ECR accepts", () => {
  it("accepts a rulePriority of 2,147,483,647 (ECR's 32-bit integer) and a countNumber of 1", () => {
    expect(problemsOf({ ...untagged7Days, rulePriority: 2147483647, countNumber: 1 })).toEqual([]);
  });
});
