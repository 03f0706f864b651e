/**
 * Every resource name the stacks derive from config fields, built in one place: the constructs take their
 * names from the functions below, and config validation (`derivedNameProblems`, called by config/schema.ts)
 * checks the same names against each service's documented limit, so the two cannot drift.
 *
 * Adding a derived name is one entry in `derivedNames` (plus the construct calling the builder).
 * Not checked, because Datadog documents no limit: the API key name and the monitor names
 * (`APIKeyCreateAttributes.name` and `Monitor.name` have no maxLength in Datadog's OpenAPI specification).
 */

/** A service's rule for one kind of name. */
export interface NameLimit {
  /** What the name is, as messages say it, e.g. `IAM role name`. */
  readonly kind: string;
  readonly maxLength: number;
  readonly minLength: number;
  /** Every allowed character, as one character class. */
  readonly allowed: RegExp;
  /** The allowed characters in words, for messages. */
  readonly allowedText: string;
  /** Who sets the limit, as messages say it. */
  readonly owner: string;
}

/** IAM CreateRole `RoleName`: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
const IAM_ROLE_NAME: NameLimit = { kind: "IAM role name", minLength: 1, maxLength: 64, allowed: /^[\w+=,.@-]*$/, allowedText: 'letters, digits and "+=,.@_-"', owner: "AWS" };

/**
 * EventBridge `Name` of PutRule, CreateConnection and CreateApiDestination (all three: 1-64, `[\.\-_A-Za-z0-9]+`):
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html
 */
const eventBridgeName = (kind: string): NameLimit => ({ kind, minLength: 1, maxLength: 64, allowed: /^[.\-_A-Za-z0-9]*$/, allowedText: 'letters, digits and "._-"', owner: "AWS" });

/** SQS CreateQueue `QueueName`: up to 80 alphanumerics, `-` and `_`. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html */
const SQS_QUEUE_NAME: NameLimit = { kind: "SQS queue name", minLength: 1, maxLength: 80, allowed: /^[\w-]*$/, allowedText: 'letters, digits, "-" and "_"', owner: "AWS" };

/** CloudWatch PutMetricAlarm `AlarmName`: 1-255 characters. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html */
const CLOUDWATCH_ALARM_NAME: NameLimit = { kind: "CloudWatch alarm name", minLength: 1, maxLength: 255, allowed: /^[\s\S]*$/, allowedText: "any characters", owner: "AWS" };

/** SNS CreateTopic `Name`: 1-256 ASCII letters, digits, `_` and `-`. https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
const SNS_TOPIC_NAME: NameLimit = { kind: "SNS topic name", minLength: 1, maxLength: 256, allowed: /^[\w-]*$/, allowedText: 'letters, digits, "-" and "_"', owner: "AWS" };

/** STS AssumeRole `RoleSessionName`: 2-64 of `[\w+=,.@-]`. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
const STS_SESSION_NAME: NameLimit = { kind: "STS session name", minLength: 2, maxLength: 64, allowed: /^[\w+=,.@-]*$/, allowedText: 'letters, digits and "+=,.@_-"', owner: "AWS" };

/** `demo-api` + `prod` -> `demo-api-prod`. ECR-style service names may hold `/` and `.`, which most AWS names do not. */
export function namePrefix(service: string, environment: string): string {
  return `${service}-${environment}`.replace(/[/.]/g, "-");
}

/**
 * A repository's Terraform output names (`<prefix>_repository_url`...) and construct ids. Terraform output names
 * are letters, digits, `_` and `-`, starting with a letter or `_` (`terraform validate`: "Invalid output name"),
 * so `team/demo-api` -> `team_demo-api` and `0cache` -> `_0cache`. Two repositories must not share one.
 */
export function outputPrefix(repositoryName: string): string {
  return repositoryName.replace(/[/.]/g, "_").replace(/^(?=\d)/, "_");
}

/** Repositories whose output names would collide with an earlier one's: `[index, earlier index]` pairs. */
export function outputPrefixClashes(repositoryNames: readonly string[]): [number, number][] {
  const first = new Map<string, number>();
  return repositoryNames.flatMap((name, index): [number, number][] => {
    const prefix = outputPrefix(name);
    const earlier = first.get(prefix);
    if (earlier === undefined) first.set(prefix, index);
    return earlier === undefined || repositoryNames[earlier] === name ? [] : [[index, earlier]];
  });
}

/** The deploy role's name unless `github.roleName` sets one: `demo-api-prod-github-deploy` (`team/x` -> `team-x-...`). */
export function defaultDeployRoleName(service: string, environment: string): string {
  return `${service.replace(/\//g, "-")}-${environment}-github-deploy`;
}

/** The names of the EventBridge -> Datadog delivery path of one environment. */
export function scanFindingsAlertNames(prefix: string) {
  return {
    connection: `${prefix}-datadog-logs`,
    apiDestination: `${prefix}-datadog-logs`,
    deadLetterQueue: `${prefix}-scan-findings-dlq`,
    role: `${prefix}-scan-findings-to-datadog`,
    /** One EventBridge rule per route, e.g. `scan-critical` -> `demo-api-prod-scan-critical`. */
    rule: (routeId: string) => `${prefix}-${routeId}`,
    heartbeatRule: `${prefix}-alert-heartbeat`,
    /** CloudWatch alarms of the delivery path and the SNS topic they notify (when the stack creates it). */
    deadLetteredAlarm: `${prefix}-scan-alerts-dead-lettered`,
    invocationsLostAlarm: (ruleId: string) => `${prefix}-${ruleId}-invocations-lost`,
    alarmTopic: `${prefix}-scan-alert-path-alarms`,
  };
}

/** The routes `ScanFindingsAlert` creates a rule for (`alertRoutes(...)[].id`). */
export const SCAN_FINDINGS_ROUTES = ["scan-critical", "finding-critical", "scan-critical-untagged", "finding-critical-untagged", "not-scanned"] as const;

/** The Datadog API key Terraform creates for the intake (no documented length limit). */
export function datadogIntakeKeyName(prefix: string): string {
  return `${prefix}-ecr-scan-findings`;
}

/** The session name the AWS provider assumes `assumeRoleArn` with, e.g. `demo-api-prod-cdktf` (`app`: `cdktf` or `state-bootstrap`). */
export function assumeRoleSessionName(service: string, environment: string, app: "cdktf" | "state-bootstrap"): string {
  return `${namePrefix(service, environment)}-${app}`;
}

/** What a derived name depends on in the config: enough of one environment. */
export interface NameInputs {
  readonly service: string;
  readonly name: string;
  readonly assumeRoleArn?: string;
  readonly stateBackend?: { readonly type: string };
  readonly github?: { readonly roleName?: string };
  readonly alerting?: { readonly alarmTopic: { readonly type: string } };
}

/** One name the stacks will create, what it is built from, and how to shorten it. */
export interface DerivedName {
  readonly limit: NameLimit;
  /** Which resource, e.g. `the deploy role`. */
  readonly resource: string;
  readonly value: string;
  /** The config fields that combine into it, e.g. `service + environment`. */
  readonly from: string;
  /** Another way out than shortening them, e.g. `set github.roleName`. */
  readonly orElse?: string;
}

/** Every name the stacks derive from config fields for one environment (names set directly in the config are checked by the schema). */
export function derivedNames(env: NameInputs): DerivedName[] {
  const prefix = namePrefix(env.service, env.name);
  const alert = scanFindingsAlertNames(prefix);
  const fromPrefix = (limit: NameLimit, resource: string, value: string): DerivedName => ({ limit, resource, value, from: "service + environment" });
  return [
    ...(env.github?.roleName === undefined
      ? [{ ...fromPrefix(IAM_ROLE_NAME, "the deploy role", defaultDeployRoleName(env.service, env.name)), orElse: "set github.roleName" }]
      : []),
    ...SCAN_FINDINGS_ROUTES.map((route) => fromPrefix(eventBridgeName("EventBridge rule name"), `the ${route} rule`, alert.rule(route))),
    fromPrefix(eventBridgeName("EventBridge rule name"), "the heartbeat rule", alert.heartbeatRule),
    fromPrefix(CLOUDWATCH_ALARM_NAME, "the dead-letter alarm", alert.deadLetteredAlarm),
    ...[...SCAN_FINDINGS_ROUTES, "alert-heartbeat"].map((rule) => fromPrefix(CLOUDWATCH_ALARM_NAME, `the ${rule} lost-invocations alarm`, alert.invocationsLostAlarm(rule))),
    ...(env.alerting?.alarmTopic.type === "create" ? [fromPrefix(SNS_TOPIC_NAME, "the alarm topic", alert.alarmTopic)] : []),
    fromPrefix(eventBridgeName("EventBridge connection name"), "the Datadog connection", alert.connection),
    fromPrefix(eventBridgeName("EventBridge API destination name"), "the Datadog API destination", alert.apiDestination),
    fromPrefix(IAM_ROLE_NAME, "the EventBridge delivery role", alert.role),
    fromPrefix(SQS_QUEUE_NAME, "the dead-letter queue", alert.deadLetterQueue),
    ...(env.assumeRoleArn !== undefined
      ? [
          fromPrefix(STS_SESSION_NAME, "the provider's assume-role session", assumeRoleSessionName(env.service, env.name, "cdktf")),
          ...(env.stateBackend?.type === "s3"
            ? [fromPrefix(STS_SESSION_NAME, "the state bootstrap's assume-role session", assumeRoleSessionName(env.service, env.name, "state-bootstrap"))]
            : []),
        ]
      : []),
  ];
}

/** What is wrong with a derived name, as a config message without its place; undefined when the service accepts it. */
export function derivedNameProblem(name: DerivedName): string | undefined {
  const { limit, value } = name;
  const orElse = name.orElse ? `, or ${name.orElse}` : "";
  const shown = `${name.from} make the ${limit.kind} of ${name.resource} "${value.length > 80 ? `${value.slice(0, 60)}...` : value}"`;
  if (value.length > limit.maxLength) {
    const excess = value.length - limit.maxLength;
    return `${shown} ${value.length} characters; ${limit.owner} allows at most ${limit.maxLength}. Shorten ${name.from.replace(" + ", " or ")} by ${excess} character${excess === 1 ? "" : "s"}${orElse}.`;
  }
  if (value.length < limit.minLength) return `${shown} ${value.length} characters; ${limit.owner} needs at least ${limit.minLength}. Lengthen ${name.from.replace(" + ", " or ")}${orElse}.`;
  if (!limit.allowed.test(value)) return `${shown}, which has characters ${limit.owner} does not allow (only ${limit.allowedText}). Change ${name.from.replace(" + ", " or ")}${orElse}.`;
  return undefined;
}

/** Every derived name of one environment that its service would reject. */
export function derivedNameProblems(env: NameInputs): string[] {
  return derivedNames(env).flatMap((name) => derivedNameProblem(name) ?? []);
}
