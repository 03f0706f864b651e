import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { listOf } from "../policy-json";
import { compliant, violation, type Rule } from "../rule";
import { stackNodes, terraformAttributes } from "../terraform-attributes";

/** No checkov/trivy equivalent. */
export const awsProviderAllowedAccounts: Rule<TerraformStack> = {
  id: "DAR-TF-2",
  level: "error",
  explanation: "Without allowed_account_ids, a deploy run with the wrong credentials (e.g. prod's stack with poc's profile) creates or destroys resources in the wrong account.",
  fix: 'keep allowed_account_ids = [awsAccountId] on every AWS provider (EnvironmentProviders does this from "awsAccountId" in config/environments.json)',
  appliesTo: (node: IConstruct): node is TerraformStack => TerraformStack.isStack(node),
  check: (stack, context) => {
    const providers = stackNodes(stack).filter((node): node is AwsProvider => node instanceof AwsProvider);
    const problems = providers.flatMap((provider) => {
      const allowed = listOf(terraformAttributes(provider).allowed_account_ids);
      if (allowed.length === 0) return [`AWS provider ${provider.node.path} has no allowed_account_ids`];
      return allowed.length === 1 && allowed[0] === context.awsAccountId
        ? []
        : [`AWS provider ${provider.node.path} allows accounts ${allowed.join(", ")}; expected only ${context.awsAccountId} (the environment's awsAccountId)`];
    });
    return problems.length === 0 ? compliant() : violation(...problems);
  },
};
