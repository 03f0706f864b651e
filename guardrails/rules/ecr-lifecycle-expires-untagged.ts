import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { TerraformStack } from "cdktf";
import { compliant, violation, type Rule } from "../rule";
import { stringOf, terraformAttributes, type Attributes } from "../terraform-attributes";

interface LifecycleJson {
  readonly rules?: readonly {
    readonly selection?: { readonly tagStatus?: string; readonly storageClass?: string };
    readonly action?: { readonly type?: string };
  }[];
}

/** Whether a lifecycle policy's `repository` names this repository, by reference or by literal name. */
function targets(policy: Attributes, repo: EcrRepository, name: unknown): boolean {
  return policy.repository === name || policy.repository === `\${${repo.terraformResourceType}.${repo.friendlyUniqueId}.name}`;
}

function expiresUntagged(policyJson: string | undefined): boolean | undefined {
  try {
    const policy = JSON.parse(policyJson ?? "") as LifecycleJson;
    // An untagged rule that only archives, or one that selects archived images, leaves standard untagged images in place.
    return (policy.rules ?? []).some(
      (rule) =>
        ["untagged", "any"].includes(rule.selection?.tagStatus ?? "") &&
        (rule.action?.type ?? "expire") === "expire" &&
        (rule.selection?.storageClass ?? "standard") === "standard",
    );
  } catch {
    return undefined;
  }
}

/** No checkov/trivy equivalent: failed and abandoned pushes leave untagged layers that are stored (and billed, and scanned) forever. */
export const ecrLifecycleExpiresUntagged: Rule<EcrRepository> = {
  id: "DAR-ECR-3",
  level: "error",
  explanation: "Without a lifecycle rule for untagged images, every overwritten or failed push keeps its layers forever: storage grows and old vulnerable images stay pullable by digest.",
  fix: 'give the repository a lifecycle rule with "tagStatus": "untagged" (e.g. expire 7 days after push) in config/environments.json',
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) => {
    const name = terraformAttributes(repo).name;
    const policies = TerraformStack.of(repo)
      .node.findAll()
      .filter((node): node is EcrLifecyclePolicy => node instanceof EcrLifecyclePolicy)
      .map(terraformAttributes)
      .filter((policy) => targets(policy, repo, name));
    if (policies.length === 0) return violation(`repository "${name}" has no aws_ecr_lifecycle_policy`);
    const verdicts = policies.map((policy) => expiresUntagged(stringOf(policy.policy)));
    if (verdicts.includes(true)) return compliant();
    return verdicts.includes(undefined)
      ? violation(`the lifecycle policy of repository "${name}" is not JSON known at synth time, so it cannot be checked; render it with renderLifecyclePolicy`)
      : violation(`the lifecycle policy of repository "${name}" has no rule that expires untagged images`);
  },
};
