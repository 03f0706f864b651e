import { configErrorFor, environment } from "../support/config";

type Json = Record<string, any>;
const prodRepository = (edit: (repo: Json) => void) => (config: Json) => edit(config.environments.prod.repositories[0]);

describe("lifecycle config", () => {
  it("accepts several protected tag patterns when the configured rules come after their priorities", () => {
    const edit = prodRepository((r) => {
      r.protectedTagPatterns = ["deployed-*", "keep-*"];
      r.lifecycleRules.forEach((rule: Json) => (rule.rulePriority += 1));
    });
    expect(environment("prod", edit).repositories[0].protectedTagPatterns).toEqual(["deployed-*", "keep-*"]);
  });

  it("defaults to no protected tags", () => {
    expect(environment("poc").repositories[0].protectedTagPatterns).toEqual([]);
  });

  it("accepts expiring archived releases after a year in the archive", () => {
    const edit = prodRepository((r) => {
      r.lifecycleRules[2].rulePriority = 6;
      r.lifecycleRules.splice(2, 0, { rulePriority: 5, tagStatus: "tagged", tagPatternList: ["v*.*.*"], storageClass: "archive", countType: "sinceImageTransitioned", countNumber: 365 });
    });
    expect(environment("prod", edit).repositories[0].lifecycleRules.map((r) => r.countType)).toContain("sinceImageTransitioned");
  });
});

describe("lifecycle config errors", () => {
  it("refuses a configured rule at a priority the protection rules take", () => {
    expect(configErrorFor(prodRepository((r) => (r.lifecycleRules[0].rulePriority = 1)))).toContain(
      "prod.repositories[0].lifecycleRules[0].rulePriority: rulePriority 1 is taken: the protection rules of protectedTagPatterns come first, at priorities 1-1. Number this repository's rules from 2.",
    );
  });

  it("refuses a protected tag pattern with more than four wildcards", () => {
    expect(configErrorFor(prodRepository((r) => (r.protectedTagPatterns = ["*a*b*c*d*"])))).toContain(
      'prod.repositories[0].protectedTagPatterns[0]: "*a*b*c*d*" has 5 wildcards; ECR allows at most 4 per pattern.',
    );
  });

  it("refuses an empty protected tag pattern", () => {
    expect(configErrorFor(prodRepository((r) => (r.protectedTagPatterns = [""])))).toContain(
      'prod.repositories[0].protectedTagPatterns[0]: expected a non-empty tag pattern such as "deployed-*"',
    );
  });

  it("refuses an action type ECR does not know", () => {
    expect(configErrorFor(prodRepository((r) => (r.lifecycleRules[1].action = { type: "delete" })))).toContain(
      'prod.repositories[0].lifecycleRules[1].action.type: expected one of "expire", "transition", got "delete"',
    );
  });

  it("refuses a storage class ECR does not know", () => {
    expect(configErrorFor(prodRepository((r) => (r.lifecycleRules[1].storageClass = "glacier")))).toContain(
      'prod.repositories[0].lifecycleRules[1].storageClass: expected one of "standard", "archive", got "glacier"',
    );
  });
});
