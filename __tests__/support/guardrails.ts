import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository, type EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { App, Aspects, S3Backend, TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import { guardrailFindings } from "../../guardrails/enforce";
import { Guardrails, type Finding } from "../../guardrails/guardrails-aspect";
import type { Outcome, Rule, RuleContext } from "../../guardrails/rule";
import type { Suppression } from "../../guardrails/suppression";
import { renderLifecyclePolicy } from "../../constructs/registry/lifecycle-rules";

export const PROD: RuleContext = {
  environment: "prod",
  production: true,
  awsAccountId: "222222222222",
  github: { owner: "example-org", repository: "demo-api" },
};
export const POC: RuleContext = { ...PROD, environment: "poc", production: false };

/** A fresh stack in a test app, built by `build`. */
export function testStack(build: (stack: TerraformStack) => void, id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app() as App, id);
  build(stack);
  return stack;
}

/** The outcome of `rule` on every construct of the stack it applies to. */
export function outcomes(rule: Rule, stack: TerraformStack, context: RuleContext = PROD): Outcome[] {
  return stack.node.findAll().filter((node: IConstruct) => rule.appliesTo(node)).map((node) => rule.check(node, context));
}

/** The one outcome of `rule` in the stack; fails unless the rule applies to exactly one construct. */
export function outcome(rule: Rule, stack: TerraformStack, context: RuleContext = PROD): Outcome {
  const all = outcomes(rule, stack, context);
  if (all.length !== 1) throw new Error(`expected ${rule.id} to apply to one construct, it applies to ${all.length}`);
  return all[0];
}

/** The problems a failed outcome lists, joined; empty when compliant. */
export function problems(result: Outcome): string {
  return result.compliant ? "" : result.details.join("\n");
}

/** An ECR repository that passes every repository rule (override fields to break one). */
export function goodRepository(scope: TerraformStack, config: Partial<EcrRepositoryConfig> = {}): EcrRepository {
  const repository = new EcrRepository(scope, "repository", {
    name: "demo-api",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:ap-northeast-1:222222222222:key/00000000-0000-0000-0000-000000000000" }],
    ...config,
  });
  new EcrLifecyclePolicy(scope, "lifecycle-policy", {
    repository: repository.name,
    policy: renderLifecyclePolicy([{ rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 }]),
  });
  return repository;
}

/** Provider, backend and monitor that pass every stack-level rule in production. */
export function goodStackBasics(stack: TerraformStack): void {
  new AwsProvider(stack, "aws", { region: "ap-northeast-1", allowedAccountIds: [PROD.awsAccountId] });
  new S3Backend(stack, { bucket: "state", key: "prod/terraform.tfstate", region: "ap-northeast-1", encrypt: true }).addOverride("use_lockfile", true);
  new Monitor(stack, "critical-findings", {
    name: "demo-api: critical ECR scan findings",
    type: "event-v2 alert",
    query: 'events("source:amazon_ecr status:error").rollup("count").last("5m") >= 1',
    message: "Critical findings in demo-api. @pagerduty-demo-api @slack-demo-api-alerts",
  });
}

/** Findings of the whole pack for a stack built by `build`, with the given environment and suppressions. */
export function findingsFor(
  build: (stack: TerraformStack) => void,
  options: { context?: RuleContext; suppressions?: Suppression[]; acknowledgements?: Suppression[] } = {},
): { findings: Finding[]; stack: TerraformStack } {
  const stack = testStack(build);
  Aspects.of(stack).add(new Guardrails({ context: options.context ?? PROD, suppressions: options.suppressions, acknowledgements: options.acknowledgements }));
  return { findings: guardrailFindings(stack.node.scope!), stack };
}
