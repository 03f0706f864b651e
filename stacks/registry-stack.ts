import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { alertPriority, warningRoute, type EnvironmentConfig } from "../config/schema";
import { CriticalFindingsMonitor } from "../constructs/critical-findings-monitor";
import { DatadogIntakeKey } from "../constructs/datadog-intake-key";
import { EnvironmentProviders } from "../constructs/environment-providers";
import { RegistryRepository } from "../constructs/registry-repository";
import { ScanFindingsAlert } from "../constructs/scan-findings-alert";
import { useStateBackend } from "../constructs/state-backend";

/** Terraform output names allow letters, digits, `_` and `-`: `team/demo-api` -> `team_demo-api`. */
function outputPrefix(repositoryName: string): string {
  return repositoryName.replace(/[/.]/g, "_");
}

/** One environment's registry: its repositories, on its own providers and remote state. */
export class RegistryStack extends TerraformStack {
  readonly repositories: readonly RegistryRepository[];
  readonly scanFindingsAlert: ScanFindingsAlert;
  readonly monitors: readonly CriticalFindingsMonitor[];

  constructor(scope: Construct, readonly env: EnvironmentConfig) {
    super(scope, env.name);
    new EnvironmentProviders(this, "providers", env);
    useStateBackend(this, env.name, env.stateBackend);

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

    const namePrefix = `${env.service}-${env.name}`.replace(/[/.]/g, "-");
    const intakeKey = new DatadogIntakeKey(
      this,
      "datadog-intake-key",
      env.datadog.apiKey.source === "create"
        ? { source: "create", name: `${namePrefix}-ecr-scan-findings` }
        : env.datadog.apiKey,
    );
    this.scanFindingsAlert = new ScanFindingsAlert(this, "scan-findings-alert", {
      namePrefix,
      accountId: env.awsAccountId,
      repositories: env.repositories.map((repo) => repo.name),
      site: env.datadog.site,
      apiKey: intakeKey.value,
      criticalThreshold: env.datadog.criticalThreshold,
      service: env.service,
      environment: env.name,
      team: env.datadog.team,
    });
    this.monitors = env.repositories.map(
      (repo) =>
        new CriticalFindingsMonitor(this, `monitors-${outputPrefix(repo.name)}`, {
          service: env.service,
          environment: env.name,
          production: env.production,
          team: env.datadog.team,
          accountId: env.awsAccountId,
          region: env.region,
          repository: repo.name,
          route: env.datadog.routing,
          warningRoute: warningRoute(env.datadog),
          priority: alertPriority(env.datadog, env.production),
        }),
    );
  }
}
