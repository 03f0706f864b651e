import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import type { TerraformStack } from "cdktf";
import { ECR_LIFECYCLE_INTEGER_MAX, LIMITS, sizeOf } from "../../constructs/service-limits";
import { serviceLimits } from "../../guardrails/rules/service-limits";
import { outcome, problems, testStack } from "../support/guardrails";

/** `{"a":"xxx...x"}` of exactly `length` characters. */
function jsonOfLength(length: number, key = "a"): string {
  const base = JSON.stringify({ [key]: "" }).length;
  return JSON.stringify({ [key]: "x".repeat(length - base) });
}

/** An IAM policy document of exactly `length` characters (no whitespace). */
function policyOfLength(length: number): string {
  const document = (resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${resource}` }] });
  return document("x".repeat(length - document("").length));
}

/** A lifecycle policy of `rules` rules. */
function lifecyclePolicy(rules: number, description = ""): string {
  return JSON.stringify({
    rules: Array.from({ length: rules }, (_, i) => ({
      rulePriority: i + 1,
      ...(i === 0 && description !== "" && { description }),
      selection: i === 0 ? { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 } : { tagStatus: "tagged", tagPrefixList: [`t${i}`], countType: "imageCountMoreThan", countNumber: 5 },
      action: { type: "expire" },
    })),
  });
}

function lifecyclePolicyOfLength(length: number): string {
  return lifecyclePolicy(1, "x".repeat(length - lifecyclePolicy(1, "x").length + 1));
}

const TRUST = (length: number) => {
  const document = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  return document("S".repeat(length - document("").length));
};

const verdict = (build: (stack: TerraformStack) => void) => problems(outcome(serviceLimits, testStack(build)));

describe.each([
  {
    what: "an EventBridge event pattern",
    limit: "2,048",
    build: (n: number) => (s: TerraformStack) => new CloudwatchEventRule(s, "rule", { name: "r", eventPattern: jsonOfLength(n) }),
    max: 2048,
  },
  {
    what: "an EventBridge input template",
    limit: "8,192",
    build: (n: number) => (s: TerraformStack) => new CloudwatchEventTarget(s, "target", { rule: "r", arn: "arn:aws:events:ap-northeast-1:222222222222:api-destination/d", inputTransformer: { inputTemplate: jsonOfLength(n), inputPaths: {} } }),
    max: 8192,
  },
  {
    what: "an IAM role trust policy",
    limit: "2,048",
    build: (n: number) => (s: TerraformStack) => new IamRole(s, "role", { name: "r", assumeRolePolicy: TRUST(n) }),
    max: 2048,
  },
  {
    what: "an IAM managed policy",
    limit: "6,144",
    build: (n: number) => (s: TerraformStack) => new IamPolicy(s, "policy", { name: "p", policy: policyOfLength(n) }),
    max: 6144,
  },
  {
    what: "an ECR repository policy",
    limit: "10,240",
    build: (n: number) => (s: TerraformStack) => new EcrRepositoryPolicy(s, "policy", { repository: "demo-api", policy: policyOfLength(n) }),
    max: 10240,
  },
  {
    what: "an ECR lifecycle policy",
    limit: "30,720",
    build: (n: number) => (s: TerraformStack) => new EcrLifecyclePolicy(s, "policy", { repository: "demo-api", policy: lifecyclePolicyOfLength(n) }),
    max: 30720,
  },
  {
    what: "a Datadog monitor message",
    limit: "4,000",
    build: (n: number) => (s: TerraformStack) => new Monitor(s, "monitor", { name: "m", type: "log alert", query: "q", message: "x".repeat(n) }),
    max: 4000,
  },
])("DAR-LIMIT-1: $what", ({ what, limit, build, max }) => {
  it(`passes at exactly ${limit} characters`, () => {
    expect(verdict(build(max))).toBe("");
  });

  it(`fails one character over, naming the limit and its source`, () => {
    expect(verdict(build(max + 1))).toMatch(new RegExp(`^[a-z_]+\\.[\\w-]+: ${what} of ${(max + 1).toLocaleString("en-US")} characters(, whitespace not counted)? is over the limit of ${limit} \\(`));
  });
});

describe("DAR-LIMIT-1: the inline policies of an IAM role, summed, whitespace not counted", () => {
  const rolePolicies = (first: string, second: string) => (s: TerraformStack) => {
    const role = new IamRole(s, "role", { name: "r", assumeRolePolicy: TRUST(200) });
    new IamRolePolicy(s, "one", { role: role.name, policy: first });
    new IamRolePolicy(s, "two", { role: role.name, policy: second });
  };

  it("passes two policies of 5,120 characters each (10,240 together)", () => {
    expect(verdict(rolePolicies(policyOfLength(5120), policyOfLength(5120)))).toBe("");
  });

  it("fails 5,120 + 5,121, naming the role", () => {
    expect(verdict(rolePolicies(policyOfLength(5120), policyOfLength(5121)))).toMatch(
      /^inline policies of \$\{aws_iam_role\.role\.name\}: the inline policies of an IAM role together of 10,241 characters, whitespace not counted is over the limit of 10,240/,
    );
  });

  it("does not count white space, as IAM does not", () => {
    const indented = JSON.stringify(JSON.parse(policyOfLength(5120)), null, 8);
    expect(indented.length).toBeGreaterThan(5120);
    expect(verdict(rolePolicies(policyOfLength(5120), indented))).toBe("");
  });
});

describe("DAR-LIMIT-1: the rules of a lifecycle policy", () => {
  const withRules = (n: number) => (s: TerraformStack) => new EcrLifecyclePolicy(s, "policy", { repository: "demo-api", policy: lifecyclePolicy(n) });

  it("passes 50 rules", () => {
    expect(verdict(withRules(50))).toBe("");
  });

  it("fails 51 rules", () => {
    expect(verdict(withRules(51))).toMatch(/^aws_ecr_lifecycle_policy\.policy: an ECR lifecycle policy of 51 rules is over the limit of 50 \(ECR quota "Rules per lifecycle policy"/);
  });
});

describe("DAR-LIMIT-1 judges the document as synthesized", () => {
  it("fails an event pattern pushed over the limit by an escape-hatch override", () => {
    const stack = testStack((s) => new CloudwatchEventRule(s, "rule", { name: "r", eventPattern: jsonOfLength(100) }).addOverride("event_pattern", jsonOfLength(3000)));
    expect(problems(outcome(serviceLimits, stack))).toMatch(/an EventBridge event pattern of 3,000 characters is over the limit of 2,048/);
  });
});

describe("how a size is counted", () => {
  it("takes ECR's lifecycle numbers as 32-bit signed integers: at most 2,147,483,647", () => {
    expect(ECR_LIFECYCLE_INTEGER_MAX).toBe(2147483647);
  });

  it("counts white space in an event pattern (EventBridge counts characters) but not in an IAM policy (IAM ignores it)", () => {
    expect([sizeOf(LIMITS.eventPattern, '{ "a": 1 }'), sizeOf(LIMITS.managedPolicy, '{ "a": 1 }')]).toEqual([10, 7]);
  });
});
