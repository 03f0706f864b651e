import { criticalFindingsMonitor, notScannedMonitor } from "../constructs/alerting/monitor-definitions";
import { defaultDeployRoleName } from "../constructs/resource-names";
import { alertRoutes, heartbeatLog, oversizedPatterns } from "../constructs/alerting/scan-findings-events";
import { deployPermissions, ecsServiceArn, ecsTaskDefinitionArn, githubDeployRoleArn } from "../constructs/github/deploy-permissions";
import { defaultSubjects, type GithubRepository } from "../constructs/github/subjects";
import { githubOidcProviderArn, githubTrustPolicy } from "../constructs/github/trust-policy";
import { guardAdministratorArns } from "../constructs/guard";
import { repositoryPolicy } from "../constructs/registry/repository-policy";
import { LIMITS, sizeOf, type ServiceLimit } from "../constructs/service-limits";
import type { DatadogRoute } from "./schema";

/**
 * The documents whose size the config decides, built by the same pure builders the constructs use and measured
 * against constructs/service-limits.ts before any construct exists, so an error names the field to change.
 * Documents no config field can push over their limit are left to guardrail DAR-LIMIT-1.
 */

export interface SizeProblem {
  /** Below the environment, e.g. `["github", "subjects"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What these checks read of one validated environment, its defaults applied. */
export interface SizedEnvironment {
  readonly production: boolean;
  readonly awsAccountId: string;
  readonly region: string;
  readonly deployPrincipalArns: readonly string[];
  readonly breakGlassPrincipalArn?: string;
  readonly repositoryGuard: { readonly enabled: boolean };
  readonly repositories: readonly { readonly name: string; readonly pullPrincipalArns: readonly string[]; readonly exclusivePull?: boolean }[];
  readonly github: GithubRepository & {
    readonly subjects?: readonly string[];
    readonly roleName?: string;
    readonly ecsDeploy?: { readonly cluster: string; readonly service: string; readonly taskDefinitionFamily?: string; readonly passRoleArns: readonly string[] };
  };
  readonly scanning: { readonly engine: "basic" | "enhanced" };
  readonly datadog: { readonly criticalThreshold: number; readonly team: string; readonly routing: DatadogRoute; readonly warningRouting?: DatadogRoute };
  readonly alerting: { readonly repositoryPrefix?: string };
}

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;

/** `expected <what> of at most <max> <unit> (<source>), got <size>`. */
function expected(limit: ServiceLimit, size: number): string {
  return `expected ${limit.what} of at most ${count(limit.max)} ${limit.unit} (${limit.source}), got ${count(size)}`;
}

function measured(limit: ServiceLimit, document: unknown): number {
  return sizeOf(limit, JSON.stringify(document));
}

/** The longest prefix every name shares. */
function commonPrefix(names: readonly string[]): string {
  return names.reduce((prefix, name) => {
    let i = 0;
    while (i < prefix.length && prefix[i] === name[i]) i++;
    return prefix.slice(0, i);
  });
}

/**
 * The alert rules list the repositories until their patterns would pass EventBridge's size quota; past that,
 * `alerting.repositoryPrefix` makes them match by prefix, and every repository must start with it.
 */
export function alertScopeProblems(env: Pick<SizedEnvironment, "awsAccountId" | "region" | "repositories" | "datadog" | "alerting">): SizeProblem[] {
  const names = env.repositories.map((repo) => repo.name);
  const prefix = env.alerting.repositoryPrefix;
  if (prefix !== undefined) {
    return names.flatMap((name, index) =>
      name.startsWith(prefix)
        ? []
        : [{ path: ["repositories", index, "name"], message: `expected a name starting with alerting.repositoryPrefix "${prefix}" (the alert rules watch the repositories by that prefix), got "${name}". Rename the repository, or shorten the prefix to one every repository name starts with.` }],
    );
  }
  const oversized = oversizedPatterns({ accountId: env.awsAccountId, region: env.region, repositories: names, criticalThreshold: env.datadog.criticalThreshold, service: "", environment: "", team: env.datadog.team });
  if (oversized.length === 0) return [];
  const largest = oversized.reduce((a, b) => (b.characters > a.characters ? b : a));
  const shared = commonPrefix(names);
  const suggestion = shared === "" ? 'these names share none: give them one, such as a namespace "team/"' : `"${shared}" fits these names`;
  return [{
    path: ["repositories"],
    message: `${expected(LIMITS.eventPattern, largest.characters)} for the alert rule "${largest.id}", which lists ${count(names.length)} repositories by name and ARN. Set alerting.repositoryPrefix to a prefix every repository name starts with (${suggestion}), so the rules match by prefix whatever the number of repositories; or list fewer repositories.`,
  }];
}

/** The deploy role's trust policy, its inline policy, and each repository's policy, as the stack renders them. */
export function documentSizeProblems(service: string, environmentName: string, env: SizedEnvironment): SizeProblem[] {
  const problems: SizeProblem[] = [];
  const subjects = env.github.subjects ?? defaultSubjects(env.github, env.production, environmentName);
  const trust = measured(LIMITS.roleTrustPolicy, githubTrustPolicy({ providerArn: githubOidcProviderArn(env.awsAccountId), subjects }));
  if (trust > LIMITS.roleTrustPolicy.max) {
    problems.push({
      path: ["github", "subjects"],
      message: `${expected(LIMITS.roleTrustPolicy, trust)} for the deploy role's trust policy of ${plural(subjects.length, "subject")}. Trust fewer subjects: one protected GitHub environment, or (outside production) a pattern such as "...:ref:refs/tags/v*".`,
    });
  }

  const ecs = env.github.ecsDeploy;
  const inline = measured(
    LIMITS.roleInlinePolicies,
    deployPermissions({
      scanEngine: env.scanning.engine,
      ecsDeploy: ecs && {
        serviceArn: ecsServiceArn(env.region, env.awsAccountId, ecs.cluster, ecs.service),
        taskDefinitionArn: ecsTaskDefinitionArn(env.region, env.awsAccountId, ecs.taskDefinitionFamily ?? ecs.service),
        passRoleArns: ecs.passRoleArns,
      },
    }),
  );
  if (inline > LIMITS.roleInlinePolicies.max) {
    problems.push({
      path: ["github", "ecsDeploy", "passRoleArns"],
      message: `${expected(LIMITS.roleInlinePolicies, inline)} for the deploy role's inline policy, which lists ${count(ecs?.passRoleArns.length ?? 0)} roles to pass. Pass fewer roles (the task role and the execution role of the one service).`,
    });
  }

  problems.push(...alertTextProblems(service, environmentName, env));

  const deployRoleArn = githubDeployRoleArn(env.awsAccountId, env.github.roleName ?? defaultDeployRoleName(service, environmentName));
  const administratorArns = guardAdministratorArns({ accountId: env.awsAccountId, deployPrincipalArns: env.deployPrincipalArns, breakGlassPrincipalArn: env.breakGlassPrincipalArn });
  env.repositories.forEach((repo, index) => {
    const size = measured(
      LIMITS.repositoryPolicy,
      repositoryPolicy({
        accountId: env.awsAccountId,
        pullPrincipalArns: repo.pullPrincipalArns,
        deployRoleArn,
        exclusivePull: repo.exclusivePull,
        scanning: env.scanning.engine,
        guard: env.repositoryGuard.enabled ? { administratorArns } : undefined,
      }),
    );
    if (size > LIMITS.repositoryPolicy.max) {
      problems.push({
        path: ["repositories", index, "pullPrincipalArns"],
        message: `${expected(LIMITS.repositoryPolicy, size)} for the repository policy of "${repo.name}", which names ${count(repo.pullPrincipalArns.length)} pull principals${env.repositoryGuard.enabled ? ` and ${count(administratorArns.length)} guard administrators (deployPrincipalArns, breakGlassPrincipalArn, root)` : ""}. List fewer pull principals (one execution role per service), or fewer deployPrincipalArns.`,
      });
    }
  });
  return problems;
}

/**
 * The team, the service and the notification handles go into the logs' input templates and the monitors' messages;
 * none of them has a length limit of its own. (The heartbeat monitor's message also names resources, and is left
 * to DAR-LIMIT-1.)
 */
function alertTextProblems(service: string, environmentName: string, env: SizedEnvironment): SizeProblem[] {
  const problems: SizeProblem[] = [];
  const context = { service, environment: environmentName, team: env.datadog.team };
  const routes = alertRoutes({ ...context, accountId: env.awsAccountId, region: env.region, repositories: [], repositoryPrefix: "", criticalThreshold: env.datadog.criticalThreshold });
  const template = Math.max(...[...routes.map((route) => route.log), heartbeatLog(context)].map((log) => log.inputTemplate.length));
  if (template > LIMITS.inputTemplate.max) {
    problems.push({ path: ["datadog", "team"], message: `${expected(LIMITS.inputTemplate, template)} for the log the alert rules send, which carries the team and the service name. Shorten datadog.team or the service name.` });
  }
  const monitorContext = { ...context, accountId: env.awsAccountId, region: env.region };
  // The priority does not appear in a message.
  const warning = env.datadog.warningRouting ?? env.datadog.routing;
  const messages: [string, string][] = [
    ["routing", criticalFindingsMonitor(monitorContext, env.datadog.routing, 1).message],
    [env.datadog.warningRouting ? "warningRouting" : "routing", notScannedMonitor(monitorContext, warning, 1).message],
  ];
  for (const [field, message] of messages) {
    if (message.length > LIMITS.monitorMessage.max && !problems.some((p) => p.path[1] === field)) {
      problems.push({ path: ["datadog", field], message: `${expected(LIMITS.monitorMessage, message.length)} for a monitor message, which carries this handle and the service name. Shorten the handle (a Slack channel, On-Call team or PagerDuty service name) or the service name.` });
    }
  }
  return problems;
}
