import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { TerraformStack } from "cdktf";
import { compliant, violation, type Rule } from "../rule";
import { stackNodes, stringOf, terraformAttributes, type Attributes } from "../terraform-attributes";

interface LifecycleJson {
  readonly rules?: readonly {
    readonly selection?: { readonly tagStatus?: string; readonly storageClass?: string };
    readonly action?: { readonly type?: string };
  }[];
}

const byRepository = new WeakMap<TerraformStack, Map<unknown, Attributes[]>>();

/** The stack's lifecycle policies by their `repository` attribute (a literal name or a `${...name}` reference), indexed once per stack. */
function lifecyclePoliciesOf(stack: TerraformStack): Map<unknown, Attributes[]> {
  let index = byRepository.get(stack);
  if (index === undefined) {
    index = new Map();
    for (const node of stackNodes(stack)) {
      if (!(node instanceof EcrLifecyclePolicy)) continue;
      const policy = terraformAttributes(node);
      index.set(policy.repository, [...(index.get(policy.repository) ?? []), policy]);
    }
    byRepository.set(stack, index);
  }
  return index;
}

/** The lifecycle policies whose `repository` names this repository, by reference or by literal name. */
function policiesTargeting(repo: EcrRepository, name: unknown): Attributes[] {
  const index = lifecyclePoliciesOf(TerraformStack.of(repo));
  const reference = `\${${repo.terraformResourceType}.${repo.friendlyUniqueId}.name}`;
  return [...(index.get(name) ?? []), ...(name === reference ? [] : (index.get(reference) ?? []))];
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
    const policies = policiesTargeting(repo, name);
    if (policies.length === 0) return violation(`repository "${name}" has no aws_ecr_lifecycle_policy`);
    const verdicts = policies.map((policy) => expiresUntagged(stringOf(policy.policy)));
    if (verdicts.includes(true)) return compliant();
    return verdicts.includes(undefined)
      ? violation(`the lifecycle policy of repository "${name}" is not JSON known at synth time, so it cannot be checked; render it with renderLifecyclePolicy`)
      : violation(`the lifecycle policy of repository "${name}" has no rule that expires untagged images`);
  },
};
