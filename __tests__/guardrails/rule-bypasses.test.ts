import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { GUARDRAIL_RULES } from "../../guardrails/pack";
import { levelOf, type Rule } from "../../guardrails/rule";
import { awsProviderAllowedAccounts } from "../../guardrails/rules/aws-provider-allowed-accounts";
import { datadogCriticalFindingsMonitor } from "../../guardrails/rules/datadog-critical-findings-monitor";
import { ecrImmutableTags } from "../../guardrails/rules/ecr-immutable-tags";
import { ecrKmsEncryption } from "../../guardrails/rules/ecr-kms-encryption";
import { ecrLifecycleExpiresUntagged } from "../../guardrails/rules/ecr-lifecycle-expires-untagged";
import { ecrPolicyNotPublic, publicStatements } from "../../guardrails/rules/ecr-policy-not-public";
import { ecrScanOnPush } from "../../guardrails/rules/ecr-scan-on-push";
import { iamNoWildcards, wildcardProblems } from "../../guardrails/rules/iam-no-wildcards";
import { iamOidcTrustPinned, oidcTrustProblems } from "../../guardrails/rules/iam-oidc-trust-pinned";
import { serviceLimits } from "../../guardrails/rules/service-limits";
import { stateBackendEncryptedLocked } from "../../guardrails/rules/state-backend-encrypted-locked";
import { outcome, POC, PROD, problems, testStack } from "../support/guardrails";

// Policies a careless or hostile change could write, and the rule that must stop them. Each is a bypass that
// mutation testing (docs/testing.md) found no test noticed.

const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PROVIDER = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
const SUB = "token.actions.githubusercontent.com:sub";
const AUD = "token.actions.githubusercontent.com:aud";

describe("rule levels: what stops synth", () => {
  const rules: Rule<any>[] = [
    ecrScanOnPush,
    ecrImmutableTags,
    ecrLifecycleExpiresUntagged,
    ecrPolicyNotPublic,
    ecrKmsEncryption,
    iamOidcTrustPinned,
    iamNoWildcards,
    datadogCriticalFindingsMonitor,
    stateBackendEncryptedLocked,
    awsProviderAllowedAccounts,
    serviceLimits,
  ];

  it("applies every rule", () => {
    expect([...GUARDRAIL_RULES]).toEqual(rules);
  });

  it("stops synth in production on every rule but KMS encryption, which only warns", () => {
    expect(Object.fromEntries(rules.map((rule) => [rule.id, levelOf(rule, PROD)]))).toEqual({
      "DAR-ECR-1": "error",
      "DAR-ECR-2": "error",
      "DAR-ECR-3": "error",
      "DAR-ECR-4": "error",
      "DAR-ECR-5": "warning",
      "DAR-IAM-1": "error",
      "DAR-IAM-2": "error",
      "DAR-DD-1": "error",
      "DAR-TF-1": "error",
      "DAR-TF-2": "error",
      "DAR-LIMIT-1": "error",
    });
  });

  it("only warns about mutable tags and AES256 outside production", () => {
    const warnings = rules.filter((rule) => levelOf(rule, POC) === "warning").map((rule) => rule.id);
    expect(warnings.sort()).toEqual(["DAR-ECR-2", "DAR-ECR-5"]);
  });
});

describe("DAR-ECR-4 public repository policy", () => {
  it("flags an Allow with NotPrincipal, which grants everyone else", () => {
    expect(publicStatements([{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::222222222222:role/x" }, Action: PULL }])).toEqual([
      "statement 0 allows NotPrincipal, i.e. everyone else",
    ]);
  });

  it.each([
    ["ForAllValues:StringEquals", "ForAllValues:StringEquals"],
    ["StringEqualsIfExists", "StringEqualsIfExists"],
    ["ArnLikeIfExists", "ArnLikeIfExists"],
    ["StringNotEquals", "StringNotEquals"],
  ])("flags Principal * narrowed only by %s, which principals without the key pass", (_, operator) => {
    const statement = { Sid: "Pull", Effect: "Allow", Principal: "*", Action: PULL, Condition: { [operator]: { "aws:PrincipalOrgID": "o-abc123" } } };
    expect(publicStatements([statement])).toHaveLength(1);
  });

  it.each(["StringEquals", "ForAnyValue:StringLike", "ArnEquals", "StringEqualsIgnoreCase"])("accepts Principal * narrowed by %s on the organization", (operator) => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: { [operator]: { "aws:PrincipalOrgID": "o-abc123" } } }])).toEqual([]);
  });

  it.each(["aws:PrincipalArn", "aws:PrincipalAccount", "aws:SourceVpce", "AWS:PRINCIPALORGPATHS"])("accepts Principal * narrowed by %s", (key) => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { [key]: "x" } } }])).toEqual([]);
  });

  it.each(["aws:SecureTransport", "aws:RequestedRegion"])("flags Principal * 'narrowed' by %s, which says nothing about who", (key) => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { [key]: "true" } } }])).toHaveLength(1);
  });

  it("flags Principal * narrowed by an empty value list", () => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { "aws:PrincipalOrgID": [] } } }])).toHaveLength(1);
  });

  it("names the statement and its actions", () => {
    expect(publicStatements([{ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: PULL }])).toEqual([
      'statement "Open" allows ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to any principal ("*") with no condition on the principal\'s account, organization, ARN or source',
    ]);
  });

  it("leaves a Deny to everyone alone", () => {
    expect(publicStatements([{ Effect: "Deny", Principal: "*", Action: PULL }])).toEqual([]);
  });
});

describe("DAR-IAM-2 wildcards", () => {
  it("flags an Allow with NotAction, which grants every other action", () => {
    expect(wildcardProblems([{ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }])).toEqual(["statement 0 allows NotAction, i.e. every other action"]);
  });

  it("flags an Allow with NotResource, which grants every other resource", () => {
    expect(wildcardProblems([{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/*" }])).toEqual([
      "statement 0 allows NotResource, i.e. every other resource",
    ]);
  });

  it("flags Resource * for a statement mixing a resourceless action with another one", () => {
    expect(wildcardProblems([{ Effect: "Allow", Action: ["inspector2:ListFindings", "s3:GetObject"], Resource: "*" }])).toHaveLength(1);
  });

  it("flags Resource * for a statement with no Action", () => {
    expect(wildcardProblems([{ Effect: "Allow", Resource: "*" }])).toEqual([
      'statement 0 allows its actions on Resource "*"; only actions without a resource type (ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition, inspector2:ListCoverage, inspector2:ListFindings) may use "*"',
    ]);
  });

  it("accepts Resource * for the resourceless actions whatever their case", () => {
    expect(wildcardProblems([{ Effect: "Allow", Action: ["ECR:GetAuthorizationToken", "inspector2:listcoverage"], Resource: "*" }])).toEqual([]);
  });

  it.each(["ecr:*", "s3:*", "inspector2-x:*"])("flags the whole-service wildcard %s", (action) => {
    expect(wildcardProblems([{ Effect: "Allow", Action: action, Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" }])).toEqual([
      `statement 0 allows every action of a service, "${action}"`,
    ]);
  });

  it("accepts an action that only starts like a service wildcard", () => {
    expect(wildcardProblems([{ Effect: "Allow", Action: "ecr:Get*", Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" }])).toEqual([]);
  });

  it("fails a role whose trust policy is not JSON known at synth time", () => {
    const stack = testStack((s) => new IamRole(s, "role", { assumeRolePolicy: "${file(\"trust.json\")}" }));
    expect(problems(outcome(iamNoWildcards, stack))).toBe(
      "trust policy: its policy is not a JSON document known at synth time, so it cannot be checked; render it with constructs/policy-document.ts",
    );
  });

  it("checks the trust policy of a role too", () => {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "*" }] };
    const stack = testStack((s) => new IamRole(s, "role", { assumeRolePolicy: JSON.stringify(trust) }));
    expect(problems(outcome(iamNoWildcards, stack))).toBe('trust policy: statement 0 allows Action "*"');
  });
});

describe("DAR-IAM-1 OIDC trust", () => {
  const trusting = (condition?: Record<string, Record<string, string | string[]>>) => [
    { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition && { Condition: condition }) },
  ];

  it("fails a role that trusts GitHub's provider with no Condition at all: every repository on GitHub could assume it", () => {
    expect(oidcTrustProblems(trusting(), PROD)).toEqual([
      `statement 0 does not test ${SUB}: any GitHub repository can assume the role`,
      `statement 0 does not check ${AUD} with StringEquals (expected "sts.amazonaws.com")`,
    ]);
  });

  it.each(["StringNotLike", "StringNotEquals", "StringEqualsIgnoreCase", "StringLikeIfExists"])("fails sub tested with %s, which does not pin it", (operator) => {
    const problems = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com" }, [operator]: { [SUB]: "repo:example-org/demo-api:environment:prod" } }), PROD);
    expect(problems).toContain(`statement 0 tests ${SUB} with ${operator}; only StringEquals or StringLike pin it`);
  });

  it("fails a wildcard audience", () => {
    const problems = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.*", [SUB]: "repo:example-org/demo-api:environment:prod" } }), PROD);
    expect(problems).toEqual([`statement 0 does not check ${AUD} with StringEquals (expected "sts.amazonaws.com")`]);
  });

  it("recognises a GitHub trust by its condition keys alone, whatever the principal says", () => {
    const statement = { Effect: "Allow", Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/other" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { [SUB]: "repo:*" } } };
    expect(oidcTrustProblems([statement], PROD).length).toBeGreaterThan(0);
  });

  it("recognises a provider given as a Terraform reference", () => {
    const statement = { Effect: "Allow", Principal: { Federated: "${aws_iam_openid_connect_provider.github.arn}" }, Action: "sts:AssumeRoleWithWebIdentity" };
    expect(oidcTrustProblems([statement], PROD)).toHaveLength(2);
  });

  it("fails a subject that is only the repository prefix", () => {
    const problems = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: "repo:example-org/demo-api:" } }), POC);
    expect(problems).toEqual(['statement 0 accepts sub "repo:example-org/demo-api:", which does not start with "repo:example-org/demo-api:<ref>" (the configured repository, no wildcard before the ref part)']);
  });

  it("accepts a production release tag pattern with a literal prefix, and no other tag pattern", () => {
    const ok = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:example-org/demo-api:ref:refs/tags/v*" } }), PROD);
    const prefixed = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:example-org/demo-api:xref:refs/tags/v*" } }), PROD);
    const suffixed = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:example-org/demo-api:ref:refs/tags/v*x" } }), PROD);
    expect([ok.length, prefixed.length, suffixed.length]).toEqual([0, 1, 1]);
  });

  it("fails a pull_request subject in production also when StringLike holds no wildcard", () => {
    const problems = oidcTrustProblems(trusting({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:example-org/demo-api:pull_request" } }), PROD);
    expect(problems).toEqual(['statement 0 accepts sub "repo:example-org/demo-api:pull_request", which trusts pull_request workflows (unreviewed code) in production']);
  });

  it("ignores a Deny that names GitHub's provider", () => {
    expect(oidcTrustProblems([{ Effect: "Deny", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }], PROD)).toEqual([]);
  });
});
