import { TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { LIMITS, overLimit } from "../../constructs/service-limits";
import { documentSizes, LIMITED_RESOURCE_TYPES, type TerraformResources } from "../document-sizes";
import { compliant, violation, type Rule } from "../rule";
import { stackNodes, terraformAttributes, type Attributes } from "../terraform-attributes";

/** The stack's limited resources as Terraform will receive them (overrides merged). */
function limitedResources(stack: TerraformStack): TerraformResources {
  const resources: Record<string, Record<string, Attributes>> = {};
  for (const node of stackNodes(stack)) {
    if (!(node instanceof TerraformResource) || !LIMITED_RESOURCE_TYPES.includes(node.terraformResourceType)) continue;
    (resources[node.terraformResourceType] ??= {})[node.friendlyUniqueId] = terraformAttributes(node);
  }
  return resources;
}

/**
 * Nothing is planned before apply, so a document over its service's limit would only fail there. Config
 * validation refuses the sizes the config decides, naming the field; this rule is the net under everything
 * else (code, escape-hatch overrides), on the documents exactly as synthesized.
 */
export const serviceLimits: Rule<TerraformStack> = {
  id: "DAR-LIMIT-1",
  level: "error",
  explanation: "AWS and Datadog reject a document over its documented size at apply, after part of the stack may be applied.",
  fix: "shrink the document (constructs/service-limits.ts names each limit and its source); where an adjustable quota (event pattern, role trust policy) was raised for the account, suppress this rule with that reason",
  appliesTo: (node: IConstruct): node is TerraformStack => TerraformStack.isStack(node),
  check: (stack) => {
    const over = documentSizes(limitedResources(stack)).flatMap(({ limit, resource, size }) => {
      const problem = overLimit(LIMITS[limit], size);
      return problem === undefined ? [] : [`${resource}: ${problem}`];
    });
    return over.length === 0 ? compliant() : violation(...over);
  },
};
