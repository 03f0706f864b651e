import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { ecrImmutableTags } from "../../guardrails/rules/ecr-immutable-tags";
import { ecrKmsEncryption } from "../../guardrails/rules/ecr-kms-encryption";
import { ecrLifecycleExpiresUntagged } from "../../guardrails/rules/ecr-lifecycle-expires-untagged";
import { ecrPolicyNotPublic } from "../../guardrails/rules/ecr-policy-not-public";
import { ecrScanOnPush } from "../../guardrails/rules/ecr-scan-on-push";
import { levelOf } from "../../guardrails/rule";
import { policyDocument, type PolicyStatement } from "../../constructs/policy-document";
import { repositoryPolicy } from "../../constructs/registry/repository-policy";
import { goodRepository, outcome, POC, problems, PROD, testStack } from "../support/guardrails";

const compliantRepository = testStack((stack) => goodRepository(stack));

describe("DAR-ECR-1 scan on push", () => {
  it("passes a repository that scans on push", () => {
    expect(outcome(ecrScanOnPush, compliantRepository).compliant).toBe(true);
  });

  it.each([
    ["turned off", { imageScanningConfiguration: { scanOnPush: false } }],
    ["left unset", { imageScanningConfiguration: undefined }],
  ])("fails a repository with scanning %s", (_, config) => {
    const stack = testStack((s) => goodRepository(s, config));
    expect(problems(outcome(ecrScanOnPush, stack))).toMatch('repository "demo-api" does not scan images on push');
  });

  it("fails a repository whose scanning is turned off by an escape-hatch override", () => {
    const stack = testStack((s) => goodRepository(s).addOverride("image_scanning_configuration.scan_on_push", false));
    expect(problems(outcome(ecrScanOnPush, stack))).toMatch('repository "demo-api" does not scan images on push');
  });
});

describe("DAR-ECR-2 immutable tags", () => {

  it("passes IMMUTABLE tags", () => {
    expect(outcome(ecrImmutableTags, compliantRepository).compliant).toBe(true);
  });

  it.each(["MUTABLE", "IMMUTABLE_WITH_EXCLUSION"])("fails %s tags", (mutability) => {
    const stack = testStack((s) => goodRepository(s, { imageTagMutability: mutability }));
    expect(problems(outcome(ecrImmutableTags, stack))).toMatch(`image_tag_mutability ${mutability}`);
  });

  it("fails IMMUTABLE overridden to MUTABLE by an escape hatch", () => {
    const stack = testStack((s) => goodRepository(s).addOverride("image_tag_mutability", "MUTABLE"));
    expect(problems(outcome(ecrImmutableTags, stack))).toMatch("image_tag_mutability MUTABLE");
  });

  it("fails a repository that leaves mutability to the AWS default (MUTABLE)", () => {
    const stack = testStack((s) => goodRepository(s, { imageTagMutability: undefined }));
    expect(problems(outcome(ecrImmutableTags, stack))).toMatch("MUTABLE");
  });

  it("is an error in production and a warning elsewhere", () => {
    expect([levelOf(ecrImmutableTags, PROD), levelOf(ecrImmutableTags, POC)]).toEqual(["error", "warning"]);
  });
});

describe("DAR-ECR-3 lifecycle policy expires untagged images", () => {
  it("passes a repository whose lifecycle policy (referencing it) expires untagged images", () => {
    expect(outcome(ecrLifecycleExpiresUntagged, compliantRepository).compliant).toBe(true);
  });

  it("passes a lifecycle policy that names the repository literally", () => {
    const stack = testStack((s) => {
      new EcrRepository(s, "repository", { name: "demo-api" });
      new EcrLifecyclePolicy(s, "lifecycle", { repository: "demo-api", policy: '{"rules":[{"selection":{"tagStatus":"any"}}]}' });
    });
    expect(outcome(ecrLifecycleExpiresUntagged, stack).compliant).toBe(true);
  });

  it("fails a repository without a lifecycle policy", () => {
    const stack = testStack((s) => new EcrRepository(s, "repository", { name: "demo-api" }));
    expect(problems(outcome(ecrLifecycleExpiresUntagged, stack))).toMatch('repository "demo-api" has no aws_ecr_lifecycle_policy');
  });

  it("fails a repository whose lifecycle policy only expires tagged images", () => {
    const stack = testStack((s) => {
      const repo = new EcrRepository(s, "repository", { name: "demo-api" });
      new EcrLifecyclePolicy(s, "lifecycle", {
        repository: repo.name,
        policy: JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: "tagged", tagPrefixList: ["v"] } }] }),
      });
    });
    expect(problems(outcome(ecrLifecycleExpiresUntagged, stack))).toMatch("has no rule that expires untagged images");
  });

  it.each([
    ["only archives them", { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 }, { type: "transition", targetStorageClass: "archive" }],
    ["selects only archived ones", { tagStatus: "untagged", storageClass: "archive", countType: "sinceImageTransitioned", countNumber: 90 }, { type: "expire" }],
  ])("fails a repository whose untagged rule %s", (_, selection, action) => {
    const stack = testStack((s) => {
      const repo = new EcrRepository(s, "repository", { name: "demo-api" });
      new EcrLifecyclePolicy(s, "lifecycle", { repository: repo.name, policy: JSON.stringify({ rules: [{ rulePriority: 1, selection, action }] }) });
    });
    expect(problems(outcome(ecrLifecycleExpiresUntagged, stack))).toMatch("has no rule that expires untagged images");
  });

  it("fails a lifecycle policy whose untagged rule is overridden away", () => {
    const stack = testStack((s) => {
      goodRepository(s);
      const policy = s.node.findChild("lifecycle-policy") as EcrLifecyclePolicy;
      policy.addOverride("policy", JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: "tagged", tagPrefixList: ["v"] } }] }));
    });
    expect(problems(outcome(ecrLifecycleExpiresUntagged, stack))).toMatch("has no rule that expires untagged images");
  });

  it("does not credit a lifecycle policy of another repository", () => {
    const stack = testStack((s) => {
      new EcrRepository(s, "repository", { name: "demo-api" });
      const other = new EcrRepository(s, "other", { name: "other" });
      new EcrLifecyclePolicy(s, "lifecycle", { repository: other.name, policy: '{"rules":[{"selection":{"tagStatus":"untagged"}}]}' });
    });
    const demoApi = stack.node.findChild("repository") as EcrRepository;
    expect(problems(ecrLifecycleExpiresUntagged.check(demoApi, PROD))).toMatch("no aws_ecr_lifecycle_policy");
  });
});

describe("DAR-ECR-4 repository policy never public", () => {
  const withPolicy = (...statements: PolicyStatement[]) =>
    testStack((s) => new EcrRepositoryPolicy(s, "policy", { repository: "demo-api", policy: JSON.stringify(policyDocument(...statements)) }));
  const pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

  it("passes the product's guarded policy (Allow to named roles by aws:PrincipalArn, Deny to everyone else)", () => {
    const policy = repositoryPolicy({
      accountId: "222222222222",
      pullPrincipalArns: ["arn:aws:iam::222222222222:role/ecs"],
      deployRoleArn: "arn:aws:iam::222222222222:role/deploy",
      guard: { administratorArns: ["arn:aws:iam::222222222222:role/terraform"] },
    });
    const stack = testStack((s) => new EcrRepositoryPolicy(s, "policy", { repository: "demo-api", policy: JSON.stringify(policy) }));
    expect(outcome(ecrPolicyNotPublic, stack).compliant).toBe(true);
  });

  it("passes an Allow to * narrowed to the organization", () => {
    const stack = withPolicy({ Effect: "Allow", Principal: "*", Action: pull, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } });
    expect(outcome(ecrPolicyNotPublic, stack).compliant).toBe(true);
  });

  it.each([
    ['Principal "*"', { Effect: "Allow", Principal: "*", Action: pull }],
    ['Principal {"AWS": "*"}', { Effect: "Allow", Principal: { AWS: "*" }, Action: pull }],
    ["a condition that does not narrow the principal", { Effect: "Allow", Principal: { AWS: ["*"] }, Action: pull, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["a negated condition", { Effect: "Allow", Principal: "*", Action: pull, Condition: { StringNotEquals: { "aws:PrincipalAccount": "111111111111" } } }],
    ["a condition value of *", { Effect: "Allow", Principal: "*", Action: pull, Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }],
  ] as [string, PolicyStatement][])("fails an Allow with %s", (_, statement) => {
    expect(problems(outcome(ecrPolicyNotPublic, withPolicy(statement)))).toMatch("any principal");
  });

  it("fails a private policy replaced by a public one through an escape-hatch override", () => {
    const stack = withPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/ecs" }, Action: pull });
    (stack.node.findChild("policy") as EcrRepositoryPolicy).addOverride("policy", JSON.stringify(policyDocument({ Effect: "Allow", Principal: "*", Action: pull })));
    expect(problems(outcome(ecrPolicyNotPublic, stack))).toMatch("any principal");
  });

  it("fails a policy that is not JSON known at synth time", () => {
    const stack = testStack((s) => new EcrRepositoryPolicy(s, "policy", { repository: "demo-api", policy: "${file(\"policy.json\")}" }));
    expect(problems(outcome(ecrPolicyNotPublic, stack))).toMatch("not a JSON document known at synth time");
  });
});

describe("DAR-ECR-5 KMS encryption", () => {
  it("passes a KMS-encrypted repository", () => {
    expect(outcome(ecrKmsEncryption, compliantRepository).compliant).toBe(true);
  });

  it("warns about an AES256 repository", () => {
    const stack = testStack((s) => goodRepository(s, { encryptionConfiguration: [{ encryptionType: "AES256" }] }));
    expect(problems(outcome(ecrKmsEncryption, stack))).toMatch("encrypted with AES256, not a KMS key");
    expect(levelOf(ecrKmsEncryption, PROD)).toBe("warning");
  });
});
