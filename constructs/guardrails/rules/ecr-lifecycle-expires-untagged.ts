import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { TerraformStack } from "cdktf";
import { compliant, violation, type Rule } from "../rule";
import { synthesized } from "../policy-json";

interface LifecycleJson {
  readonly rules?: readonly { readonly selection?: { readonly tagStatus?: string } }[];
}

/** Whether a lifecycle policy's `repository` names this repository, by reference or by literal name. */
function targets(policy: EcrLifecyclePolicy, repo: EcrRepository): boolean {
  const target = synthesized(policy, policy.repositoryInput);
  return target === repo.nameInput || target === `\${${repo.terraformResourceType}.${repo.friendlyUniqueId}.name}`;
}

function expiresUntagged(policyJson: string | undefined): boolean | undefined {
  try {
    const policy = JSON.parse(policyJson ?? "") as LifecycleJson;
    return (policy.rules ?? []).some((rule) => ["untagged", "any"].includes(rule.selection?.tagStatus ?? ""));
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
    const policies = TerraformStack.of(repo)
      .node.findAll()
      .filter((node): node is EcrLifecyclePolicy => node instanceof EcrLifecyclePolicy && targets(node, repo));
    if (policies.length === 0) return violation(`repository "${repo.nameInput}" has no aws_ecr_lifecycle_policy`);
    const verdicts = policies.map((policy) => expiresUntagged(synthesized(policy, policy.policyInput)));
    if (verdicts.includes(true)) return compliant();
    return verdicts.includes(undefined)
      ? violation(`the lifecycle policy of repository "${repo.nameInput}" is not JSON known at synth time, so it cannot be checked; render it with renderLifecyclePolicy`)
      : violation(`the lifecycle policy of repository "${repo.nameInput}" has no rule that expires untagged images`);
  },
};
