import { AnnotationMetadataEntryType, App, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../config/schema";
import type { PolicyDocument } from "../../constructs/policy-document";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment } from "../support/config";
import { decide, decideAsService, everything } from "../support/iam";
import { onlyResource, policyWithArns, resourceUnder, resourcesOf, type TerraformJson } from "../support/synth";
import { DEAD_LETTER_QUEUE_CHANGES } from "../support/guarded-actions";

/**
 * The guards as the stacks deploy them (docs/security.md): the synthesized policies, with Terraform
 * references replaced by the ARNs AWS gives the resources, evaluated by iam-simulate.
 */

function synth(env: EnvironmentConfig): { stack: RegistryStack; tf: TerraformJson } {
  const stack = new RegistryStack(Testing.app() as App, env);
  return { stack, tf: JSON.parse(Testing.synth(stack)) };
}

describe.each([
  { env: "poc", account: "111111111111" },
  { env: "prod", account: "222222222222" },
])("$env stack (example fixture)", ({ env }) => {
  const { tf } = synth(environment(env));

  it("requires Terraform 1.11 or later (S3-native locking)", () => {
    expect(tf.terraform.required_version).toBe(">= 1.11");
  });
});

describe("prod repository (guard on by default)", () => {
  const { tf } = synth(environment("prod"));
  const repository = "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api";
  const policy = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy) as PolicyDocument;
  const deployRole = "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy";
  const deployRolePolicy = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy) as PolicyDocument;
  const ecr = (principal: string, action: string, identity: PolicyDocument[]) => decide({ principal, action, resource: repository }, { resource: policy, identity });

  it("denies a same-account role allowed ecr:* a change of the repository policy", async () => {
    expect(await ecr("arn:aws:iam::222222222222:role/analytics-batch", "ecr:SetRepositoryPolicy", [everything("ecr")])).toBe("ExplicitlyDenied");
  });

  it("lets the configured Terraform deploy principal change it", async () => {
    expect(await ecr("arn:aws:iam::222222222222:role/demo-api-terraform-deploy", "ecr:SetRepositoryPolicy", [everything("ecr")])).toBe("Allowed");
  });

  it("lets the configured break-glass principal change it", async () => {
    expect(await ecr("arn:aws:iam::222222222222:role/break-glass", "ecr:SetRepositoryPolicy", [everything("ecr")])).toBe("Allowed");
  });

  it("lets the account's root user change it, whatever the config lists", async () => {
    // The root user has every permission without a policy; the simulator needs it written down.
    expect(await ecr("arn:aws:iam::222222222222:root", "ecr:SetRepositoryPolicy", [everything("ecr")])).toBe("Allowed");
  });

  it.each(["ecr:PutImage", "ecr:BatchGetImage"])("lets the GitHub deploy role %s with the permissions the stack gives it", async (action) => {
    expect(await ecr(deployRole, action, [deployRolePolicy])).toBe("Allowed");
  });

  it("lets the configured ECS task execution role pull", async () => {
    expect(await ecr("arn:aws:iam::222222222222:role/demo-api-ecs-task-execution", "ecr:BatchGetImage", [])).toBe("Allowed");
  });

  it("lets Inspector's service-linked role pull where scanning is enhanced", async () => {
    const enhanced = synth(environment("prod", (c) => (c.environments.prod.scanning = { engine: "enhanced" }))).tf;
    const inspector = "arn:aws:iam::222222222222:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2";
    const decision = await decide(
      { principal: inspector, action: "ecr:GetDownloadUrlForLayer", resource: repository },
      { resource: JSON.parse(onlyResource(enhanced, "aws_ecr_repository_policy").policy), identity: [everything("ecr")] },
    );
    expect(decision).toBe("Allowed");
  });
});

describe("poc repository (guard off by default)", () => {
  const repository = "arn:aws:ecr:ap-northeast-1:111111111111:repository/demo-api";
  const otherRole = "arn:aws:iam::111111111111:role/analytics-batch";
  const policyOf = (env: EnvironmentConfig) => JSON.parse(onlyResource(synth(env).tf, "aws_ecr_repository_policy").policy);

  it("leaves repository changes to IAM", async () => {
    const decision = await decide({ principal: otherRole, action: "ecr:SetRepositoryPolicy", resource: repository }, { resource: policyOf(environment("poc")), identity: [everything("ecr")] });
    expect(decision).toBe("Allowed");
  });

  it("is guarded when the config turns the guard on", async () => {
    const env = environment("poc", (c) => {
      c.environments.poc.repositoryGuard = { enabled: true };
      delete c.environments.poc.repositories[0].exclusivePull;
    });
    const decision = await decide({ principal: otherRole, action: "ecr:SetRepositoryPolicy", resource: repository }, { resource: policyOf(env), identity: [everything("ecr")] });
    expect(decision).toBe("ExplicitlyDenied");
  });
});

describe("prod with the repository guard turned off", () => {
  const reason = "migration window: the old CI role still deletes images until 2026-09-30";
  const { stack, tf } = synth(environment("prod", (c) => (c.environments.prod.repositoryGuard = { enabled: false, reason })));

  it("no longer denies repository changes", () => {
    const sids = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(["AllowDeployRolePush", "AllowPull", "DenyPullToEveryoneElse"]);
  });

  it("prints the reason as a warning on every synth", () => {
    const warnings = stack.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
    expect(warnings).toEqual([`the repository guard is off in production: ${reason}`]);
  });
});

describe("dead-letter queue", () => {
  const queueArn = (account: string, env: string) => `arn:aws:sqs:ap-northeast-1:${account}:demo-api-${env}-scan-findings-dlq`;
  const policyOf = (tf: TerraformJson, arn: string) => policyWithArns(tf, onlyResource(tf, "aws_sqs_queue_policy").policy, { aws_sqs_queue: arn });

  describe("in prod", () => {
    const { tf } = synth(environment("prod"));
    const queue = queueArn("222222222222", "prod");
    const policy = policyOf(tf, queue);
    const sqs = (principal: string, action: string) => decide({ principal, action, resource: queue }, { resource: policy, identity: [everything("sqs")] });

    it.each(DEAD_LETTER_QUEUE_CHANGES)("denies %s to a same-account role allowed sqs:*", async (action) => {
      expect(await sqs("arn:aws:iam::222222222222:role/analytics-batch", action)).toBe("ExplicitlyDenied");
    });

    it.each([
      ["a deploy principal", "arn:aws:iam::222222222222:role/demo-api-terraform-deploy"],
      ["the break-glass principal", "arn:aws:iam::222222222222:role/break-glass"],
    ])("lets %s read dead letters", async (_who, principal) => {
      expect(await sqs(principal, "sqs:ReceiveMessage")).toBe("Allowed");
    });

    it("still lets EventBridge deliver dead letters from each rule of the path, and from no other rule", async () => {
      // GIVEN the queue policy with each rule reference resolved to that rule's ARN (from its name)
      const rules = resourcesOf(tf, "aws_cloudwatch_event_rule");
      const ruleArn = (name: string) => `arn:aws:events:ap-northeast-1:222222222222:rule/${name}`;
      let json = JSON.stringify(policy);
      for (const [id, rule] of rules) json = json.split(`\${aws_cloudwatch_event_rule.${id}.arn}`).join(ruleArn(rule.name));
      const send = (sourceArn: string) =>
        decideAsService({ principal: "events.amazonaws.com", action: "sqs:SendMessage", resource: queue }, { resource: JSON.parse(json) }, { "aws:SourceArn": sourceArn });
      // THEN every rule may send, another rule of the account may not
      expect(rules.length).toBe(6);
      for (const [, rule] of rules) expect(await send(ruleArn(rule.name))).toBe("Allowed");
      expect(await send(ruleArn("someone-elses-rule"))).not.toBe("Allowed");
    });
  });

  it("in poc leaves the queue to IAM", async () => {
    const { tf } = synth(environment("poc"));
    const queue = queueArn("111111111111", "poc");
    const decision = await decide(
      { principal: "arn:aws:iam::111111111111:role/analytics-batch", action: "sqs:PurgeQueue", resource: queue },
      { resource: policyOf(tf, queue), identity: [everything("sqs")] },
    );
    expect(decision).toBe("Allowed");
  });
});
