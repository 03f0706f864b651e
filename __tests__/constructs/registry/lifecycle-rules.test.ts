import { lifecycleRuleProblems, renderLifecyclePolicy, type LifecycleRule } from "../../../constructs/registry/lifecycle-rules";

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
      "[1].tagStatus: lifecycleRules[0] already selects untagged images; ECR allows only one such rule. Merge them.",
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
      '[0].countUnit: countUnit "days" goes only with countType "sinceImagePushed". Remove it for "imageCountMoreThan".',
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
      '[1].tagPrefixList: tag prefix "v" is already used by lifecycleRules[0]. Each prefix may appear in one rule only.',
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

  it("fills in countUnit days for an age-based rule that left it out", () => {
    const policy = JSON.parse(renderLifecyclePolicy([{ ...untagged7Days, countUnit: undefined }]));
    expect(policy.rules[0].selection.countUnit).toBe("days");
  });
});
