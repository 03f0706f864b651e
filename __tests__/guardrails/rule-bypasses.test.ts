import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import type { TerraformStack } from "cdktf";
import { GUARDRAIL_RULE_IDS, GUARDRAIL_RULES } from "../../guardrails/pack";
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
import { isTrue } from "../../guardrails/terraform-attributes";
import { goodRepository, outcome, POC, PROD, problems, testStack } from "../support/guardrails";

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

  it("knows every rule by its id, so a suppression or acknowledgement can name it", () => {
    expect(GUARDRAIL_RULE_IDS).toEqual(["DAR-ECR-1", "DAR-ECR-2", "DAR-ECR-3", "DAR-ECR-4", "DAR-ECR-5", "DAR-IAM-1", "DAR-IAM-2", "DAR-DD-1", "DAR-TF-1", "DAR-TF-2", "DAR-LIMIT-1"]);
  });

  it.each(rules.map((rule) => [rule.id, rule]))("%s says why it matters and how to fix it", (_, rule) => {
    // Printed with every finding: an empty explanation or fix leaves the engineer who is blocked with nothing to go on.
    expect(rule.explanation.length).toBeGreaterThan(60);
    expect(rule.fix.length).toBeGreaterThan(40);
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

describe("DAR-IAM-1 OIDC trust: which statements it judges, and how it reads patterns", () => {
  const statement = (operator: string, sub: string) => {
    const condition = operator === "StringEquals" ? { StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: sub } } : { StringEquals: { [AUD]: "sts.amazonaws.com" }, [operator]: { [SUB]: sub } };
    return [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }];
  };

  it("leaves alone a statement that trusts an AWS service, however it is conditioned", () => {
    const service = { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } };
    expect(oidcTrustProblems([service], PROD)).toEqual([]);
  });

  it("accepts a production release tag pattern with a longer literal prefix", () => {
    expect(oidcTrustProblems(statement("StringLike", "repo:example-org/demo-api:ref:refs/tags/release-*"), PROD)).toEqual([]);
  });

  it("reads a * in a StringEquals subject as a literal character, as IAM does", () => {
    expect(oidcTrustProblems(statement("StringEquals", "repo:example-org/demo-api:ref:refs/heads/*"), PROD)).toEqual([]);
  });

  it("leaves alone a statement that trusts another identity provider", () => {
    const gitlab = { Effect: "Allow", Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/gitlab.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:sub": "project_path:group/project:ref_type:branch:ref:main" } } };
    expect(oidcTrustProblems([gitlab], PROD)).toEqual([]);
  });

  it.each([
    ["a ? standing for one character", "demo-api", "repo:example-org/demo-api:pull_reques?"],
    ["a dotted repository name, its dot a literal", "demo.api", "repo:example-org/demo.api:pull_*"],
  ])("sees that a production pattern with %s admits pull_request", (_, repository, sub) => {
    const context = { ...PROD, github: { owner: "example-org", repository } };
    expect(oidcTrustProblems(statement("StringLike", sub), context)).toEqual([`statement 0 accepts sub "${sub}", which trusts pull_request workflows (unreviewed code) in production`]);
  });

  it("fails an audience list that also holds a wildcard", () => {
    const trust = [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [AUD]: ["sts.amazonaws.com", "*"], [SUB]: "repo:example-org/demo-api:environment:prod" } } }];
    expect(oidcTrustProblems(trust, PROD)).toEqual([`statement 0 does not check ${AUD} with StringEquals (expected "sts.amazonaws.com")`]);
  });

  it("fails a role whose trust policy is not JSON known at synth time", () => {
    const stack = testStack((s) => new IamRole(s, "role", { name: "deploy", assumeRolePolicy: '${file("trust.json")}' }));
    expect(problems(outcome(iamOidcTrustPinned, stack))).toBe(
      'the trust policy of role "deploy": its policy is not a JSON document known at synth time, so it cannot be checked; render it with constructs/policy-document.ts',
    );
  });
});

describe("DAR-IAM-2 wildcards: what counts as one", () => {
  it("accepts an action wildcard inside a name, which is not every action of the service", () => {
    expect(wildcardProblems([{ Effect: "Allow", Action: "ecr:*Image", Resource: "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" }])).toEqual([]);
  });

  it("names a managed policy's problem as the policy's", () => {
    const stack = testStack((s) => new IamPolicy(s, "policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }] }) }));
    expect(problems(outcome(iamNoWildcards, stack))).toBe('policy: statement 0 allows Action "*"');
  });

  it("accepts a queue without a policy (nothing is granted)", () => {
    expect(problems(outcome(iamNoWildcards, testStack((s) => new SqsQueue(s, "queue", { name: "q" }))))).toBe("");
  });
});

describe("DAR-ECR-4 public repository policy: the principals and conditions it reads", () => {
  it("accepts a named role without a condition", () => {
    expect(publicStatements([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/ecs-task-execution" }, Action: PULL }])).toEqual([]);
  });

  it.each(["aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc"])("accepts Principal * narrowed by %s", (key) => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { [key]: "x" } } }])).toEqual([]);
  });

  it("accepts Principal * narrowed by one key even if the same operator also tests a key that does not narrow", () => {
    const condition = { StringEquals: { "aws:PrincipalOrgID": "o-abc123", "aws:RequestedRegion": "ap-northeast-1" } };
    expect(publicStatements([{ Effect: "Allow", Principal: "*", Action: PULL, Condition: condition }])).toEqual([]);
  });

  it("names a public statement without Action by its actions", () => {
    expect(publicStatements([{ Effect: "Allow", Principal: "*" }])).toEqual([
      'statement 0 allows its actions to any principal ("*") with no condition on the principal\'s account, organization, ARN or source',
    ]);
  });
});

describe("DAR-ECR-3 and DAR-ECR-5: how they read the repository", () => {
  /** goodRepository with its lifecycle policy replaced by `policy`, and optionally a second one. */
  const withLifecycle = (policy: string, second?: string) => (s: TerraformStack) => {
    const repository = goodRepository(s);
    s.node.tryRemoveChild("lifecycle-policy");
    new EcrLifecyclePolicy(s, "lifecycle", { repository: repository.name, policy });
    if (second !== undefined) new EcrLifecyclePolicy(s, "second-lifecycle", { repository: repository.name, policy: second });
  };
  const UNTAGGED_SECOND = JSON.stringify({ rules: [{ rulePriority: 1, action: { type: "expire" } }, { rulePriority: 2, selection: { tagStatus: "untagged" }, action: { type: "expire" } }] });

  it("accepts a policy whose untagged rule is not its first, next to a rule without a selection", () => {
    expect(problems(outcome(ecrLifecycleExpiresUntagged, testStack(withLifecycle(UNTAGGED_SECOND))))).toBe("");
  });

  it("fails a lifecycle policy that is not JSON known at synth time", () => {
    const stack = testStack(withLifecycle('${file("lifecycle.json")}'));
    expect(problems(outcome(ecrLifecycleExpiresUntagged, stack))).toBe(
      'the lifecycle policy of repository "demo-api" is not JSON known at synth time, so it cannot be checked; render it with renderLifecyclePolicy',
    );
  });

  it("accepts a second, unrelated lifecycle policy next to one that expires untagged images", () => {
    expect(problems(outcome(ecrLifecycleExpiresUntagged, testStack(withLifecycle(UNTAGGED_SECOND, '{"rules":[]}'))))).toBe("");
  });

  it("accepts KMS_DSSE (dual-layer KMS) as KMS encryption", () => {
    const stack = testStack((s) => goodRepository(s, { encryptionConfiguration: [{ encryptionType: "KMS_DSSE", kmsKey: "arn:aws:kms:ap-northeast-1:222222222222:key/k" }] }));
    expect(problems(outcome(ecrKmsEncryption, stack))).toBe("");
  });

  it("names AES256 as the default when the repository sets no encryption", () => {
    const stack = testStack((s) => goodRepository(s, { encryptionConfiguration: undefined }));
    expect(problems(outcome(ecrKmsEncryption, stack))).toBe('repository "demo-api" is encrypted with AES256 (the default), not a KMS key');
  });

  it("reads a bool attribute as Terraform converts it: true or \"true\"", () => {
    expect([isTrue(true), isTrue("true"), isTrue("false"), isTrue(undefined)]).toEqual([true, true, false, false]);
  });
});

describe("DAR-DD-1 critical findings monitor: who it counts as paged", () => {
  const monitor = (s: TerraformStack, id: string, name: string, message: string, query = 'logs("source:amazon_ecr").index("*").rollup("count").last("15m") >= 1') =>
    new Monitor(s, id, { name, type: "log alert", query, message });

  it("does not count an e-mail address that merely contains @oncall- as a page", () => {
    const stack = testStack((s) => monitor(s, "m", "CRITICAL findings", "{{#is_alert}}Look. @ops@oncall-team.example.com{{/is_alert}}"));
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toBe(
      'monitor "CRITICAL findings" notifies @ops@oncall-team.example.com when it alerts but pages nobody: a production monitor needs an @oncall-... or @pagerduty-... handle in its alert notification',
    );
  });

  it("says a monitor without any handle notifies nobody", () => {
    const stack = testStack((s) => monitor(s, "m", "CRITICAL findings", "Look."));
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toBe('monitor "CRITICAL findings" notifies nobody: its message has no @handle');
  });

  it("finds a critical-findings monitor by its query when its name does not say so", () => {
    const stack = testStack((s) => monitor(s, "m", "ECR findings", "Look.", 'logs("@critical_count:>0").index("*").rollup("count").last("15m") >= 1'));
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toBe('monitor "ECR findings" notifies nobody: its message has no @handle');
  });

  it("passes when one critical-findings monitor pages, whatever another one (e.g. a draft) does", () => {
    const stack = testStack((s) => {
      monitor(s, "paging", "CRITICAL findings", "{{#is_alert}}@oncall-demo-api{{/is_alert}}");
      monitor(s, "draft", "CRITICAL findings (draft)", "Look.");
    });
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toBe("");
  });
});
