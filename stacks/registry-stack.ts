import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentProviders } from "../constructs/environment-providers";
import { Guardrails } from "../constructs/guardrails/guardrails-aspect";
import { RegistryRepository } from "../constructs/registry-repository";
import { useStateBackend } from "../constructs/state-backend";

/** Terraform output names allow letters, digits, `_` and `-`: `team/demo-api` -> `team_demo-api`. */
function outputPrefix(repositoryName: string): string {
  return repositoryName.replace(/[/.]/g, "_");
}

/** One environment's registry: its repositories, on its own providers and remote state. */
export class RegistryStack extends TerraformStack {
  readonly repositories: readonly RegistryRepository[];

  constructor(scope: Construct, readonly env: EnvironmentConfig) {
    super(scope, env.name);
    new EnvironmentProviders(this, "providers", env);
    useStateBackend(this, env.name, env.stateBackend);
    Aspects.of(this).add(
      new Guardrails({
        context: { environment: env.name, production: env.production, awsAccountId: env.awsAccountId, github: env.github },
        suppressions: env.guardrails.suppressions,
      }),
    );

    this.repositories = env.repositories.map((repo) => {
      const registry = new RegistryRepository(this, `repository-${outputPrefix(repo.name)}`, {
        ...repo,
        preventDestroy: env.production,
      });
      const prefix = outputPrefix(repo.name);
      new TerraformOutput(this, `${prefix}_repository_url`, { value: registry.repository.repositoryUrl });
      new TerraformOutput(this, `${prefix}_repository_arn`, { value: registry.repository.arn });
      new TerraformOutput(this, `${prefix}_registry_id`, { value: registry.repository.registryId });
      return registry;
    });
  }
}
