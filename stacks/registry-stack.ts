import { Annotations, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { alertPriority, warningRoute, type EnvironmentConfig } from "../config/schema";
import { CriticalFindingsMonitor } from "../constructs/alerting/critical-findings-monitor";
import { DatadogIntakeKey } from "../constructs/alerting/datadog-intake-key";
import { DeliveryAlarms } from "../constructs/alerting/delivery-alarms";
import { HeartbeatMonitor } from "../constructs/alerting/heartbeat-monitor";
import { ecsServiceArn, ecsTaskDefinitionArn, githubDeployRoleArn } from "../constructs/github/deploy-permissions";
import { EnvironmentProviders } from "../constructs/environment-providers";
import { GithubDeployRole } from "../constructs/github/deploy-role";
import { guardAdministratorArns } from "../constructs/guard";
import { Guardrails } from "../guardrails/guardrails-aspect";
import { RegistryRepository } from "../constructs/registry/registry-repository";
import { RegistryScanning } from "../constructs/registry/registry-scanning";
import { datadogIntakeKeyName, defaultDeployRoleName, namePrefix as namePrefixOf, outputPrefix } from "../constructs/resource-names";
import { ScanFindingsAlert } from "../constructs/alerting/scan-findings-alert";
import { useStateBackend } from "../constructs/state/state-backend";

/** One environment's registry: its repositories and the GitHub deploy role, on its own providers and remote state. */
export class RegistryStack extends TerraformStack {
  readonly repositories: readonly RegistryRepository[];
  readonly deployRole: GithubDeployRole;
  readonly scanFindingsAlert: ScanFindingsAlert;
  readonly monitors: CriticalFindingsMonitor;
  readonly heartbeatMonitor: HeartbeatMonitor;
  readonly deliveryAlarms: DeliveryAlarms;
  readonly scanning: RegistryScanning | undefined;

  constructor(scope: Construct, readonly env: EnvironmentConfig) {
    super(scope, env.name);
    new EnvironmentProviders(this, "providers", env);
    useStateBackend(this, env);
    Aspects.of(this).add(
      new Guardrails({
        context: { environment: env.name, production: env.production, awsAccountId: env.awsAccountId, github: env.github },
        suppressions: env.guardrails.suppressions,
        acknowledgements: env.guardrails.acknowledgements,
      }),
    );

    const deployRoleName = env.github.roleName ?? defaultDeployRoleName(env.service, env.name);
    const deployRoleArn = githubDeployRoleArn(env.awsAccountId, deployRoleName);
    // Who the guards (docs/security.md) never lock out: the Terraform deploy principals, break-glass, the root user.
    const administratorArns = guardAdministratorArns({
      accountId: env.awsAccountId,
      deployPrincipalArns: env.deployPrincipalArns,
      breakGlassPrincipalArn: env.breakGlassPrincipalArn,
    });
    if (env.production && !env.repositoryGuard.enabled) {
      Annotations.of(this).addWarning(`the repository guard is off in production: ${env.repositoryGuard.reason}`);
    }

    this.deployRole = new GithubDeployRole(this, "github-deploy-role", {
      accountId: env.awsAccountId,
      roleName: deployRoleName,
      subjects: env.github.subjects,
      oidcProvider: env.github.oidcProvider,
      scanEngine: env.scanning.engine,
      ecsDeploy: env.github.ecsDeploy && {
        serviceArn: ecsServiceArn(env.region, env.awsAccountId, env.github.ecsDeploy.cluster, env.github.ecsDeploy.service),
        taskDefinitionArn: ecsTaskDefinitionArn(env.region, env.awsAccountId, env.github.ecsDeploy.taskDefinitionFamily ?? env.github.ecsDeploy.service),
        passRoleArns: env.github.ecsDeploy.passRoleArns,
      },
      preventDestroy: env.production,
    });

    this.repositories = env.repositories.map((repo) => {
      const registry = new RegistryRepository(this, `repository-${outputPrefix(repo.name)}`, {
        ...repo,
        accountId: env.awsAccountId,
        deployRoleArn,
        scanning: env.scanning.engine,
        guard: env.repositoryGuard.enabled ? { administratorArns } : undefined,
        preventDestroy: env.production,
      });
      const prefix = outputPrefix(repo.name);
      new TerraformOutput(this, `${prefix}_repository_url`, { value: registry.repository.repositoryUrl });
      new TerraformOutput(this, `${prefix}_repository_arn`, { value: registry.repository.arn });
      new TerraformOutput(this, `${prefix}_registry_id`, { value: registry.repository.registryId });
      return registry;
    });

    new TerraformOutput(this, "github_deploy_role_arn", { value: this.deployRole.roleArn });
    new TerraformOutput(this, "github_oidc_provider_arn", { value: this.deployRole.providerArn });

    const { scanning } = env;
    this.scanning =
      scanning.manageRegistryScanningConfiguration || scanning.manageBasicScanEngine
        ? new RegistryScanning(this, "registry-scanning", { ...scanning, repositories: env.repositories.map((repo) => repo.name) })
        : undefined;

    const namePrefix = namePrefixOf(env.service, env.name);
    const intakeKey = new DatadogIntakeKey(
      this,
      "datadog-intake-key",
      env.datadog.apiKey.source === "create"
        ? { source: "create", name: datadogIntakeKeyName(namePrefix) }
        : env.datadog.apiKey,
    );
    const where = { service: env.service, environment: env.name, team: env.datadog.team, accountId: env.awsAccountId, region: env.region };
    this.scanFindingsAlert = new ScanFindingsAlert(this, "scan-findings-alert", {
      ...where,
      namePrefix,
      repositories: env.repositories.map((repo) => repo.name),
      repositoryPrefix: env.alerting.repositoryPrefix,
      site: env.datadog.site,
      apiKey: intakeKey.value,
      criticalThreshold: env.datadog.criticalThreshold,
      heartbeatHours: env.alerting.heartbeatHours,
      deadLetterQueueAdministratorArns: env.production ? administratorArns : undefined,
    });
    const priority = alertPriority(env.datadog, env.production);
    this.monitors = new CriticalFindingsMonitor(this, "monitors", {
      ...where,
      route: env.datadog.routing,
      warningRoute: warningRoute(env.datadog),
      priority,
    });
    const alert = this.scanFindingsAlert;
    this.heartbeatMonitor = new HeartbeatMonitor(this, "alert-path-heartbeat-monitor", {
      ...where,
      heartbeatHours: env.alerting.heartbeatHours,
      deadLetterQueueName: alert.names.deadLetterQueue,
      apiDestinationName: alert.names.apiDestination,
      heartbeatRuleName: alert.names.heartbeatRule,
      warningRoute: warningRoute(env.datadog),
      priority,
    });
    this.deliveryAlarms = new DeliveryAlarms(this, "alert-path-alarms", {
      namePrefix,
      topic: env.alerting.alarmTopic,
      deadLetterQueueName: alert.deadLetterQueue.name,
      rules: alert.rules.map(({ id, rule }) => ({ id, ruleName: rule.name })),
    });
  }
}
