import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { TerraformStack } from "cdktf";
import { iamNoWildcards } from "../../guardrails/rules/iam-no-wildcards";
import { iamOidcTrustPinned } from "../../guardrails/rules/iam-oidc-trust-pinned";
import { policyDocument, type ConditionBlock, type PolicyStatement } from "../../constructs/policy-document";
import { outcome, outcomes, POC, PROD, problems, testStack } from "../support/guardrails";

const SUB = "token.actions.githubusercontent.com:sub";
const AUD = "token.actions.githubusercontent.com:aud";

/** A deploy role trusting GitHub's OIDC provider (looked up, as the OIDC branch may do) with the given conditions. */
function roleTrusting(condition: ConditionBlock): TerraformStack {
  return testStack((stack) => {
    const provider = new DataAwsIamOpenidConnectProvider(stack, "github", { url: "https://token.actions.githubusercontent.com" });
    new IamRole(stack, "deploy", {
      name: "demo-api-deploy",
      assumeRolePolicy: JSON.stringify(
        policyDocument({ Effect: "Allow", Principal: { Federated: provider.arn }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }),
      ),
    });
  });
}

const pinned = {
  StringEquals: { [AUD]: "sts.amazonaws.com" },
  StringLike: { [SUB]: ["repo:example-org/demo-api:environment:prod", "repo:example-org/demo-api:ref:refs/tags/v*"] },
};
const trustingSub = (operator: "StringEquals" | "StringLike", sub: string) =>
  roleTrusting(operator === "StringEquals" ? { StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: sub } } : { StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: sub } });

describe("DAR-IAM-1 OIDC trust pinned", () => {
  it("passes a production trust policy pinned to the configured repository (an environment and a release tag pattern), with aud checked by StringEquals", () => {
    expect(outcome(iamOidcTrustPinned, roleTrusting(pinned)).compliant).toBe(true);
  });

  describe("in production", () => {
    it.each([
      ["every ref", "repo:example-org/demo-api:ref:*"],
      ["every branch", "repo:example-org/demo-api:ref:refs/heads/*"],
      ["every environment", "repo:example-org/demo-api:environment:*"],
      ["environments named like prod", "repo:example-org/demo-api:environment:prod*"],
      ["every tag", "repo:example-org/demo-api:ref:refs/tags/*"],
      ["a ? in the tag pattern", "repo:example-org/demo-api:ref:refs/tags/v?.*"],
    ])("fails a pattern that trusts %s", (_, sub) => {
      expect(problems(outcome(iamOidcTrustPinned, trustingSub("StringLike", sub)))).toMatch(
        `accepts sub "${sub}": in production a pattern may only be a release tag pattern "repo:example-org/demo-api:ref:refs/tags/<literal prefix>*"`,
      );
    });

    it.each([
      ["StringEquals", "repo:example-org/demo-api:pull_request"],
      ["StringLike", "repo:example-org/demo-api:pull_*"],
      ["StringLike", "repo:example-org/demo-api:*"],
    ] as const)("fails %s %s, which trusts pull requests", (operator, sub) => {
      expect(problems(outcome(iamOidcTrustPinned, trustingSub(operator, sub)))).toMatch(
        `accepts sub "${sub}", which trusts pull_request workflows (unreviewed code) in production`,
      );
    });

    it("passes an exact environment claim with StringEquals", () => {
      expect(outcome(iamOidcTrustPinned, trustingSub("StringEquals", "repo:example-org/demo-api:environment:prod")).compliant).toBe(true);
    });
  });

  it("passes branch and environment patterns outside production", () => {
    const stack = trustingSub("StringLike", "repo:example-org/demo-api:ref:refs/heads/*");
    expect(outcome(iamOidcTrustPinned, stack, POC).compliant).toBe(true);
  });

  describe("with GitHub's immutable subject form configured", () => {
    const immutable = { ...PROD, github: { ...PROD.github, ownerId: 123456, repositoryId: 456789 } };

    it("passes subjects that start with repo:OWNER@ID/REPO@ID:", () => {
      const stack = trustingSub("StringEquals", "repo:example-org@123456/demo-api@456789:environment:prod");
      expect(outcome(iamOidcTrustPinned, stack, immutable).compliant).toBe(true);
    });

    it("fails a name-only subject, which a recycled name could present", () => {
      const stack = trustingSub("StringEquals", "repo:example-org/demo-api:environment:prod");
      expect(problems(outcome(iamOidcTrustPinned, stack, immutable))).toMatch(
        'accepts sub "repo:example-org/demo-api:environment:prod", which does not start with "repo:example-org@123456/demo-api@456789:<ref>"',
      );
    });

    it("fails a subject with another owner id", () => {
      const stack = trustingSub("StringEquals", "repo:example-org@999999/demo-api@456789:environment:prod");
      expect(problems(outcome(iamOidcTrustPinned, stack, immutable))).toMatch('accepts sub "repo:example-org@999999/demo-api@456789:environment:prod"');
    });
  });

  it("ignores roles that do not trust GitHub's OIDC provider", () => {
    const stack = testStack((s) => new IamRole(s, "ecs", {
      assumeRolePolicy: JSON.stringify(policyDocument({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" })),
    }));
    expect(outcome(iamOidcTrustPinned, stack).compliant).toBe(true);
  });

  it("fails when one sub value is a wildcard even though another is pinned (where CKV_AWS_358 passes)", () => {
    const condition = { ...pinned, StringLike: { [SUB]: ["repo:example-org/demo-api:ref:refs/heads/master", "repo:example-org/*"] } };
    expect(problems(outcome(iamOidcTrustPinned, roleTrusting(condition)))).toMatch('accepts sub "repo:example-org/*"');
  });

  it.each([
    ["another repository", "repo:example-org/other:ref:refs/heads/master"],
    ["another owner", "repo:evil-org/demo-api:ref:refs/heads/master"],
    ["a wildcard owner", "repo:*/demo-api:ref:refs/heads/master"],
    ["a wildcard in the repository name", "repo:example-org/demo-api*:ref:refs/heads/master"],
  ])("fails a sub that names %s", (_, sub) => {
    const condition = { ...pinned, StringLike: { [SUB]: sub } };
    expect(problems(outcome(iamOidcTrustPinned, roleTrusting(condition)))).toMatch(`accepts sub "${sub}"`);
  });

  it("fails a pinned trust policy replaced by a wildcard subject through an escape-hatch override", () => {
    const stack = roleTrusting(pinned);
    const wildcard = policyDocument({
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:example-org/*" } },
    });
    (stack.node.findChild("deploy") as IamRole).addOverride("assume_role_policy", JSON.stringify(wildcard));
    expect(problems(outcome(iamOidcTrustPinned, stack))).toMatch('accepts sub "repo:example-org/*"');
  });

  it("fails a trust policy that does not test sub", () => {
    expect(problems(outcome(iamOidcTrustPinned, roleTrusting({ StringEquals: { [AUD]: "sts.amazonaws.com" } })))).toMatch(`does not test ${SUB}`);
  });

  it("fails aud tested with StringLike instead of StringEquals", () => {
    const condition = { StringLike: { [AUD]: "sts.amazonaws.com", [SUB]: "repo:example-org/demo-api:ref:refs/heads/master" } };
    expect(problems(outcome(iamOidcTrustPinned, roleTrusting(condition)))).toMatch(`does not check ${AUD} with StringEquals`);
  });

  it("fails a ForAllValues: operator in the Allow", () => {
    const condition = { ...pinned, "ForAllValues:StringLike": { [SUB]: "repo:example-org/demo-api:ref:refs/heads/master" } };
    expect(problems(outcome(iamOidcTrustPinned, roleTrusting(condition)))).toMatch("uses ForAllValues:StringLike");
  });
});

describe("DAR-IAM-2 no wildcard Action or Resource", () => {
  const rolePolicy = (...statements: PolicyStatement[]) =>
    testStack((s) => new IamRolePolicy(s, "push", { role: "demo-api-deploy", policy: JSON.stringify(policyDocument(...statements)) }));

  it("passes exact actions on exact resources, and ecr:GetAuthorizationToken on *", () => {
    const stack = rolePolicy(
      { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Effect: "Allow", Action: ["ecr:PutImage"], Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" },
    );
    expect(outcome(iamNoWildcards, stack).compliant).toBe(true);
  });

  it("passes Resource * for the Inspector reads of the scan gate, which have no resource type", () => {
    expect(outcome(iamNoWildcards, rolePolicy({ Effect: "Allow", Action: ["inspector2:ListCoverage", "inspector2:ListFindings"], Resource: "*" })).compliant).toBe(true);
  });

  it("passes Resource * for ecs:DescribeTaskDefinition, which has no resource type", () => {
    expect(outcome(iamNoWildcards, rolePolicy({ Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "*" })).compliant).toBe(true);
  });

  it("fails Resource * for ecs:RegisterTaskDefinition, which can be scoped to its task definition family", () => {
    const stack = rolePolicy({ Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"], Resource: "*" });
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('allows ecs:RegisterTaskDefinition, ecs:DescribeTaskDefinition on Resource "*"');
  });

  it("passes a Deny with wildcards, which only narrows access", () => {
    expect(outcome(iamNoWildcards, rolePolicy({ Effect: "Deny", Action: "*", Resource: "*" })).compliant).toBe(true);
  });

  it("fails Resource * for any action but ecr:GetAuthorizationToken", () => {
    const stack = rolePolicy({ Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "ecr:PutImage"], Resource: "*" });
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('allows ecr:GetAuthorizationToken, ecr:PutImage on Resource "*"');
  });

  it("fails Action * even on a specific resource", () => {
    const stack = rolePolicy({ Effect: "Allow", Action: "*", Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" });
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('allows Action "*"');
  });

  it("fails an exact policy widened to Action * through an escape-hatch override", () => {
    const stack = rolePolicy({ Effect: "Allow", Action: ["ecr:PutImage"], Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" });
    (stack.node.findChild("push") as IamRolePolicy).addOverride("policy", JSON.stringify(policyDocument({ Effect: "Allow", Action: "*", Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" })));
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('allows Action "*"');
  });

  it("fails a whole-service wildcard such as ecr:* even on a specific resource", () => {
    const stack = rolePolicy({ Effect: "Allow", Action: "ecr:*", Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" });
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('allows every action of a service, "ecr:*"');
  });

  it("fails a role's inline policy with Action *", () => {
    const stack = testStack((s) => new IamRole(s, "deploy", {
      assumeRolePolicy: JSON.stringify(policyDocument({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" })),
      inlinePolicy: [{ name: "everything", policy: JSON.stringify(policyDocument({ Effect: "Allow", Action: "*", Resource: "*" })) }],
    }));
    expect(problems(outcome(iamNoWildcards, stack))).toMatch('inline policy "everything": statement 0 allows Action "*"');
  });

  it("fails a queue policy that allows on Resource *", () => {
    const stack = testStack((s) => new SqsQueuePolicy(s, "dlq", {
      queueUrl: "https://sqs.ap-northeast-1.amazonaws.com/222222222222/dlq",
      policy: JSON.stringify(policyDocument({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" })),
    }));
    expect(outcomes(iamNoWildcards, stack).map(problems)).toEqual([expect.stringContaining('sqs:SendMessage on Resource "*"')]);
  });
});
