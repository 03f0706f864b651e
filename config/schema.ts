import { z } from "zod";
import { regionProblem } from "./aws-regions";
import { defaultSubjects, githubNameProblem, subjectProblems } from "../constructs/github/subjects";
import { GUARDRAIL_RULE_IDS, GUARDRAIL_RULES } from "../guardrails/pack";
import { levelOf } from "../guardrails/rule";
import {
  lifecyclePolicyRules,
  lifecycleRuleProblems,
  protectionPriorityProblems,
  renderLifecyclePolicy,
  tagPatternProblem,
} from "../constructs/registry/lifecycle-rules";
import { derivedNameProblems, outputPrefix, outputPrefixClashes } from "../constructs/resource-names";
import { LIMITS } from "../constructs/service-limits";
import { kmsKeyProblems, sharedAccountProblems } from "./cross-field";
import { alertScopeProblems, documentSizeProblems } from "./size-limits";

/**
 * The one schema for `config/environments.json`. Every message says what was expected;
 * `load-config.ts` prefixes it with the environment and field path.
 */

const PARTITION = "aws(?:-cn|-us-gov)?";
const ACCOUNT = "\\d{12}";

export const accountId = z.string().regex(new RegExp(`^${ACCOUNT}$`), "expected 12 digits");

const REGION_FORMAT = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

const region = z
  .string()
  .regex(REGION_FORMAT, 'expected an AWS region such as "ap-northeast-1"')
  .superRefine((value, ctx) => {
    const message = REGION_FORMAT.test(value) ? regionProblem(value) : undefined;
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  });

export const iamRoleArn = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`),
    'expected an IAM role ARN such as "arn:aws:iam::123456789012:role/name"',
  );

/**
 * An IAM role or user, as `aws:PrincipalArn` names it (a role's ARN, with its path, never an assumed-role session):
 * IAM User Guide, "AWS global condition context keys", aws:PrincipalArn.
 */
export const iamPrincipalArn = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:(?:role|user)/[\\w+=,.@/-]{1,512}$`),
    'expected an IAM role or user ARN such as "arn:aws:iam::123456789012:role/terraform-deploy"',
  );

export const kmsKeyArn = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:${ACCOUNT}:key/[0-9a-f-]{36}$|^arn:${PARTITION}:kms:[a-z0-9-]+:${ACCOUNT}:key/mrk-[0-9a-f]{32}$`),
    'expected a KMS key ARN such as "arn:aws:kms:ap-northeast-1:123456789012:key/<uuid>"',
  );

/** ECR's documented name rule: 2-256 characters, lowercase segments separated by `/`. */
export const ecrRepositoryName = z
  .string()
  .min(2, "expected 2-256 characters")
  .max(256, "expected 2-256 characters")
  .regex(
    /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    "expected lowercase segments of [a-z0-9] joined by '.', '_' or '-', separated by '/' (e.g. \"team/demo-api\")",
  );

const positiveInt = z.number().int("expected a positive integer").positive("expected a positive integer");

const lifecycleRule = z.strictObject({
  rulePriority: positiveInt,
  description: z.string().optional(),
  tagStatus: z.enum(["tagged", "untagged", "any"]),
  tagPrefixList: z.array(z.string().min(1, "expected a non-empty tag prefix")).optional(),
  tagPatternList: z.array(z.string().min(1, "expected a non-empty tag pattern")).optional(),
  storageClass: z.enum(["standard", "archive"]).optional(),
  countType: z.enum(["imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"]),
  countUnit: z.literal("days").optional(),
  countNumber: positiveInt,
  action: z
    .strictObject({
      type: z.enum(["expire", "transition"]),
      targetStorageClass: z.literal("archive").optional(),
    })
    .optional(),
});

const lifecycleRules = z
  .array(lifecycleRule)
  .min(1, "expected at least one rule (untagged images must expire)")
  .superRefine((rules, ctx) => {
    for (const problem of lifecycleRuleProblems(rules)) {
      ctx.addIssue({ code: "custom", path: [problem.index, problem.field], message: problem.message, input: undefined });
    }
  });

/** Tag patterns whose images no lifecycle rule may expire or archive, e.g. `deployed-*`. */
const protectedTagPatterns = z.array(
  z
    .string()
    .min(1, "expected a non-empty tag pattern such as \"deployed-*\"")
    .superRefine((pattern, ctx) => {
      const message = tagPatternProblem(pattern);
      if (message) ctx.addIssue({ code: "custom", message, input: pattern });
    }),
);

const encryption = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("AES256") }),
  z.strictObject({ type: z.literal("KMS"), kmsKeyArn }),
]);

const repository = z
  .strictObject({
    name: ecrRepositoryName,
    tagMutability: z.enum(["MUTABLE", "IMMUTABLE"]),
    encryption: encryption.default({ type: "AES256" }),
    forceDelete: z.boolean().default(false),
    protectedTagPatterns: protectedTagPatterns.default([]),
    lifecycleRules,
    pullPrincipalArns: z.array(iamRoleArn).default([]),
    /** Absent: exclusive exactly where the repository guard is on. */
    exclusivePull: z.boolean().optional(),
  })
  .refine((repo) => repo.exclusivePull !== true || repo.pullPrincipalArns.length > 0, {
    path: ["exclusivePull"],
    message: "exclusive pull with no pullPrincipalArns would deny every pull. List the roles that pull (e.g. the ECS task execution role).",
  })
  .superRefine((repo, ctx) => {
    for (const problem of protectionPriorityProblems(repo.protectedTagPatterns, repo.lifecycleRules)) {
      ctx.addIssue({ code: "custom", path: ["lifecycleRules", problem.index, problem.field], message: problem.message, input: undefined });
    }
    const rules = lifecyclePolicyRules(repo.protectedTagPatterns, repo.lifecycleRules);
    const length = renderLifecyclePolicy(rules).length;
    if (length > LIMITS.lifecyclePolicy.max) {
      ctx.addIssue({ code: "custom", path: ["lifecycleRules"], message: `expected a lifecycle policy of at most ${LIMITS.lifecyclePolicy.max.toLocaleString("en-US")} characters (${LIMITS.lifecyclePolicy.source}), got ${length.toLocaleString("en-US")}. Merge or shorten rules.`, input: undefined });
    }
    if (rules.length > LIMITS.lifecycleRules.max) {
      ctx.addIssue({ code: "custom", path: ["lifecycleRules"], message: `expected at most ${LIMITS.lifecycleRules.max} rules in a lifecycle policy (${LIMITS.lifecycleRules.source}), got ${rules.length} (${repo.protectedTagPatterns.length} from protectedTagPatterns, ${repo.lifecycleRules.length} in lifecycleRules). Merge rules, or protect several tags with one pattern.`, input: undefined });
    }
  });

const s3Backend = z.strictObject({
  type: z.literal("s3"),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name (3-63 lowercase letters, digits, '.', '-')"),
  region: region.default("ap-northeast-1"),
  keyPrefix: z.string().regex(/^[\w.-]+(?:\/[\w.-]+)*$/, 'expected a key prefix such as "demo-api" (no leading or trailing "/")'),
  kmsKeyArn: kmsKeyArn.optional(),
  /** Read by the state bootstrap (bootstrap/): days a replaced state version stays restorable. */
  noncurrentVersionExpirationDays: positiveInt.default(90),
  /** Where the state bootstrap keeps its own state: a file in bootstrap/, or (once the bucket exists) the bucket itself. */
  bootstrapState: z.enum(["local", "bucket"]).default("local"),
});

const hcpBackend = z.strictObject({
  type: z.literal("hcp"),
  organization: z.string().min(1, "expected the HCP Terraform organization name"),
  workspace: z.string().regex(/^[\w-]{1,90}$/, "expected a workspace name of letters, digits, '-' and '_'"),
});

/** `github.owner` / `github.repository`: one exact GitHub name, never a pattern. */
const githubName = (kind: "owner" | "repository") =>
  z.string().superRefine((value, ctx) => {
    const message = githubNameProblem(kind, value);
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  });

const githubId = z.number().int("expected GitHub's numeric id").positive("expected GitHub's numeric id");

/** Name of an ECS cluster or service. */
const ecsName = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "expected an ECS name (1-255 letters, digits, '-' and '_')");

/** The GitHub repository whose workflows deploy, and the role they assume. Subject rules need `production`: see `environment`. */
const github = z.strictObject({
  owner: githubName("owner"),
  repository: githubName("repository"),
  ownerId: githubId.optional(),
  repositoryId: githubId.optional(),
  subjects: z
    .array(z.string())
    .min(1, "expected at least one subject. Remove the field to trust the default (the master branch; in production, the protected GitHub environment named after the environment).")
    .optional(),
  oidcProvider: z.enum(["create", "lookup"]).default("create"),
  roleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name: 1-64 letters, digits or "+=,.@_-"')
    .optional(),
  ecsDeploy: z
    .strictObject({
      cluster: ecsName,
      service: ecsName,
      /** The family the workflow's task definition registers; the role may register no other. Defaults to `service`. */
      taskDefinitionFamily: ecsName.optional(),
      passRoleArns: z.array(iamRoleArn).default([]),
    })
    .optional(),
});

/** The Datadog sites (docs.datadoghq.com/getting_started/site): the "Site Parameter" column. */
export const DATADOG_SITES = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "datadoghq.eu",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

/** Datadog handle names: what follows `@oncall-`, `@pagerduty-` or `@slack-` in a monitor message. */
const handleName = (what: string, example: string) =>
  z
    .string()
    .min(1, `expected the ${what} (e.g. "${example}"); an empty name would notify nobody`)
    .regex(/^[A-Za-z0-9][\w.-]*$/, `expected the ${what} as letters, digits, '_', '.', '-' (e.g. "${example}")`);

/** Where a monitor notifies: Datadog On-Call or PagerDuty page; Slack only informs. */
const datadogRoute = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("oncall"), team: handleName("Datadog On-Call team handle", "demo-api") }),
  z.strictObject({ type: z.literal("pagerduty"), service: handleName("PagerDuty service name in Datadog", "demo-api-prod") }),
  z.strictObject({ type: z.literal("slack"), channel: handleName("Slack channel (or workspace-channel)", "demo-api-alerts") }),
]);

const datadogApiKey = z.discriminatedUnion("source", [
  z.strictObject({ source: z.literal("create") }),
  z.strictObject({
    source: z.literal("variable"),
    variableName: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'expected a Terraform variable name such as "datadog_api_key"')
      .default("datadog_api_key"),
  }),
]);

const datadog = z.strictObject({
  site: z.enum(DATADOG_SITES),
  team: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]*$/, 'expected a lowercase Datadog team name usable as a tag value, e.g. "demo-api"'),
  routing: datadogRoute,
  warningRouting: datadogRoute.optional(),
  priority: z.number().int("expected an integer 1-5").min(1, "expected 1 (highest) to 5").max(5, "expected 1 to 5 (lowest)").optional(),
  criticalThreshold: positiveInt.default(1),
  apiKey: datadogApiKey.default({ source: "create" }),
});

export type DatadogConfig = z.infer<typeof datadog>;
export type DatadogRoute = z.infer<typeof datadogRoute>;

/** Alert priority when the config names none: a production page is P2, anything else P3. */
export function alertPriority(config: DatadogConfig, production: boolean): number {
  return config.priority ?? (production ? 2 : 3);
}

/** Scan failures notify here; they never page. */
export function warningRoute(config: DatadogConfig): DatadogRoute {
  return config.warningRouting ?? config.routing;
}

/** Production must page and must be able to; other environments must never page. */
function datadogRoutingProblems(env: { production: boolean; datadog: DatadogConfig }): { path: string[]; message: string }[] {
  const { datadog: dd, production } = env;
  const problems: { path: string[]; message: string }[] = [];
  const priority = alertPriority(dd, production);
  if (production) {
    if (dd.routing.type === "slack") {
      problems.push({ path: ["routing"], message: 'a production alert must page: expected {"type": "oncall", "team": ...} or {"type": "pagerduty", "service": ...}, got a Slack channel (put Slack in "warningRouting")' });
    }
    if (priority > 2) {
      problems.push({ path: ["priority"], message: `a production page is priority 1 or 2, got ${priority}. Lower the number or remove the field (default 2).` });
    }
    if (dd.routing.type !== "slack" && dd.warningRouting === undefined) {
      problems.push({ path: ["warningRouting"], message: 'is required when "routing" pages: scan failures are warnings and must not page. Name a Slack channel, e.g. {"type": "slack", "channel": "demo-api-alerts"}.' });
    }
  } else {
    if (dd.routing.type !== "slack") {
      problems.push({ path: ["routing"], message: `a non-production environment must not page: expected {"type": "slack", "channel": ...}, got "${dd.routing.type}". Set "production": true if this environment should page.` });
    }
    if (priority < 3) {
      problems.push({ path: ["priority"], message: `a non-production alert is priority 3 or lower (3-5), got ${priority}.` });
    }
  }
  if (dd.warningRouting !== undefined && dd.warningRouting.type !== "slack") {
    problems.push({ path: ["warningRouting"], message: `scan failures must not page: expected {"type": "slack", "channel": ...}, got "${dd.warningRouting.type}".` });
  }
  return problems;
}

/** The guards that are on (docs/security.md): each needs a break-glass principal, so nobody can lock the account out. */
function guardsOn(env: { production: boolean; stateBackend: { type: string }; repositoryGuard?: { enabled: boolean } }): string[] {
  return [
    ...(env.stateBackend.type === "s3" ? ["the state bucket policy"] : []),
    ...((env.repositoryGuard?.enabled ?? env.production) ? ["the repository guard"] : []),
    ...(env.production ? ["the dead-letter queue guard"] : []),
  ];
}

const ACCOUNT_OF_ARN = /^arn:[^:]+:iam::(\d{12}):/;

interface AccessFields {
  production: boolean;
  awsAccountId: string;
  assumeRoleArn?: string;
  deployPrincipalArns?: string[];
  breakGlassPrincipalArn?: string;
  repositoryGuard?: { enabled: boolean; reason?: string };
  stateBackend: { type: string };
  repositories: { exclusivePull?: boolean }[];
}

/** Who deploys and who breaks the glass: present, in this account, and consistent with the guards. */
function accessProblems(env: AccessFields): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const example = `"arn:aws:iam::${env.awsAccountId}:role/terraform-deploy"`;
  if (env.deployPrincipalArns === undefined || env.deployPrincipalArns.length === 0) {
    problems.push({
      path: ["deployPrincipalArns"],
      message: `expected the IAM roles or users that deploy this environment (the role the AWS provider assumes and whoever runs cdktf deploy), got ${env.deployPrincipalArns === undefined ? "nothing" : "[]"}. Only they (and the break-glass principal) may read or write the Terraform state and change the guarded resources; list them, e.g. [${example}].`,
    });
  }
  const guards = guardsOn(env);
  if (env.breakGlassPrincipalArn === undefined && guards.length > 0) {
    problems.push({
      path: ["breakGlassPrincipalArn"],
      message: `expected the IAM role (or user) that may still change the guarded resources when no deploy principal can, got nothing. Guards on here: ${guards.join(", ")}. Name a role kept for emergencies, e.g. "arn:aws:iam::${env.awsAccountId}:role/break-glass" (see docs/security.md#break-glass).`,
    });
  }
  const principals: [(string | number)[], string][] = [
    ...(env.deployPrincipalArns ?? []).map((arn, index): [(string | number)[], string] => [["deployPrincipalArns", index], arn]),
    ...(env.breakGlassPrincipalArn === undefined ? [] : [[["breakGlassPrincipalArn"], env.breakGlassPrincipalArn] as [(string | number)[], string]]),
  ];
  for (const [path, arn] of principals) {
    const account = ACCOUNT_OF_ARN.exec(arn)?.[1];
    // A malformed awsAccountId has its own message; comparing against it would only add noise.
    if (account !== undefined && /^\d{12}$/.test(env.awsAccountId) && account !== env.awsAccountId) {
      problems.push({
        path,
        message: `expected a principal of this environment's account ${env.awsAccountId} (the guards exempt principals, they grant nothing to other accounts), got "${arn}". Use a role of account ${env.awsAccountId}.`,
      });
    }
  }
  if (env.assumeRoleArn !== undefined && env.deployPrincipalArns !== undefined && !env.deployPrincipalArns.includes(env.assumeRoleArn)) {
    problems.push({
      path: ["assumeRoleArn"],
      message: `the role the AWS provider assumes must also be in deployPrincipalArns, or the guards deny Terraform its own changes; got "${env.assumeRoleArn}", which is not listed. Add it to deployPrincipalArns.`,
    });
  }
  if (env.production && env.repositoryGuard?.enabled === false && (env.repositoryGuard.reason ?? "").trim() === "") {
    problems.push({
      path: ["repositoryGuard", "reason"],
      message: "expected a reason for turning the repository guard off in production, got nothing. Say why every role of the account may change, push to and delete these repositories (it is printed on every synth).",
    });
  }
  if (env.repositoryGuard?.enabled ?? env.production) {
    env.repositories.forEach((repo, index) => {
      if (repo.exclusivePull === false) {
        problems.push({
          path: ["repositories", index, "exclusivePull"],
          message: 'expected true or nothing where the repository guard is on (it denies pulls to every principal but pullPrincipalArns and the deploy role), got false. Remove the field, or turn the guard off with "repositoryGuard": {"enabled": false, "reason": ...}.',
        });
      }
    });
  }
  return problems;
}

// Guardrails (docs/guardrails.md): accepted findings, each with a reason that is printed on every synth.
const acceptedFinding = (why: string) =>
  z.strictObject({
    ruleId: z.string().refine((id) => GUARDRAIL_RULE_IDS.includes(id), {
      error: (issue) => `expected a guardrail rule id, one of ${GUARDRAIL_RULE_IDS.join(", ")}, got ${JSON.stringify(issue.input)} (see docs/guardrails.md)`,
    }),
    reason: z.string().refine((reason) => reason.trim() !== "", `expected a non-empty reason: say ${why} (it is printed on every synth)`),
    resource: z
      .string()
      .min(1, 'expected a construct path suffix or a repository name (e.g. "demo-api"); omit it to cover the whole environment')
      .optional(),
  });

const guardrails = z.strictObject({
  /** The rule does not apply here: a finding of any level becomes information. */
  suppressions: z.array(acceptedFinding("why the rule does not apply here")).default([]),
  /** A deliberate design choice a rule warns about: the warning becomes information. */
  acknowledgements: z.array(acceptedFinding("why this is the design")).default([]),
});

/** An acknowledgement accepts a warning, never an error: an error needs a fix or a suppression. */
function acknowledgementProblems(env: {
  production: boolean;
  awsAccountId: string;
  github: { owner: string; repository: string };
  guardrails: z.infer<typeof guardrails>;
}): { index: number; message: string }[] {
  // The environment's name is its key, not known here; no rule's level depends on it.
  const context = { environment: "", production: env.production, awsAccountId: env.awsAccountId, github: env.github };
  return env.guardrails.acknowledgements.flatMap((ack, index) => {
    const rule = GUARDRAIL_RULES.find((r) => r.id === ack.ruleId);
    if (rule === undefined || levelOf(rule, context) === "warning") return [];
    return [{ index, message: `expected a rule that only warns in this environment, got ${ack.ruleId}, an error${rule.level instanceof Function ? ` when "production" is ${env.production}` : ""}. Fix the finding, or if the rule does not apply here, move the entry to guardrails.suppressions.` }];
  });
}

/**
 * How ECR scans this environment's images: basic scanning (ECR's own engine, `ECR Image Scan` events) or
 * enhanced scanning (Amazon Inspector, `Inspector2 Scan` / `Inspector2 Finding` events, continuous rescans).
 * Alerting covers both engines whatever is set here (the registry may be switched elsewhere); the deploy
 * role's permissions and the repository guard follow `engine`. The registry's scanning configuration and the
 * account's basic-scan engine are singletons that may be owned elsewhere: managed only on request.
 */
const scanning = z.strictObject({
  engine: z.enum(["basic", "enhanced"]).default("basic"),
  manageRegistryScanningConfiguration: z.boolean().default(false),
  manageBasicScanEngine: z.boolean().default(false),
});

/**
 * The repository guard (docs/security.md): on in production unless turned off here, with a reason that
 * is printed on every synth.
 */
const repositoryGuard = z.strictObject({
  enabled: z.boolean(),
  reason: z.string().optional(),
});

/** ECR API limits of a registry scanning rule (RegistryScanningRule, ScanningRepositoryFilter). */
const MAX_SCANNING_FILTERS = 100;
const MAX_SCANNING_FILTER_LENGTH = 255;

function scanningProblems(env: { scanning: z.infer<typeof scanning>; repositories: { name: string }[] }): { path: (string | number)[]; message: string }[] {
  if (!env.scanning.manageRegistryScanningConfiguration) return [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (env.repositories.length > MAX_SCANNING_FILTERS) {
    problems.push({
      path: ["scanning", "manageRegistryScanningConfiguration"],
      message: `a registry scanning rule holds at most ${MAX_SCANNING_FILTERS} repository filters (ECR API RegistryScanningRule), got ${env.repositories.length} repositories. Manage the scanning configuration outside this stack (set it to false).`,
    });
  }
  env.repositories.forEach((repo, index) => {
    if (repo.name.length > MAX_SCANNING_FILTER_LENGTH) {
      problems.push({
        path: ["repositories", index, "name"],
        message: `a registry scanning filter is at most ${MAX_SCANNING_FILTER_LENGTH} characters (ECR API ScanningRepositoryFilter), got ${repo.name.length}. Shorten the name or set scanning.manageRegistryScanningConfiguration to false.`,
      });
    }
  });
  return problems;
}

/** `arn:aws:sns:<region>:<account>:<topic>`: topic names are up to 256 letters, digits, '-' and '_' (SNS CreateTopic). */
const snsTopicArn = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:sns:[a-z]{2}(?:-[a-z]+)+-\\d:${ACCOUNT}:[\\w-]{1,256}(?:\\.fifo)?$`),
    'expected an SNS topic ARN such as "arn:aws:sns:ap-northeast-1:123456789012:ops-alarms"',
  );

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'expected an e-mail address such as "ops@example.com"');

/** Where the AWS-side alarms of the alert path notify (they do not depend on Datadog). */
const alarmTopic = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("create"),
    emails: z.array(email).min(1, "expected at least one address: an alarm topic with no subscriber notifies nobody"),
  }),
  z.strictObject({ type: z.literal("existing"), topicArn: snsTopicArn }),
]);

/** A repository-name prefix, e.g. `demo-api` or a namespace `team/`: ECR's name characters. */
const repositoryPrefix = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._/-]{0,255}$/, 'expected the start of an ECR repository name (lowercase letters, digits, ".", "_", "-", "/"), such as "demo-api" or "team/"');

const alerting = z.strictObject({
  alarmTopic,
  /**
   * Watch the repositories by this name prefix instead of listing them in the alert rules: needed once the list
   * would pass EventBridge's event pattern size quota. Every repository of the registry starting with it alerts.
   */
  repositoryPrefix: repositoryPrefix.optional(),
  /** Hours between heartbeat logs; the Datadog monitor warns after three missed ones (a window under 24 h, evaluated every minute). */
  heartbeatHours: z.number().int().min(1, "expected 1 to 6 hours").max(6, "expected 1 to 6 hours").default(1),
});

function alertingProblems(env: { region: string; alerting: z.infer<typeof alerting> }): { path: string[]; message: string }[] {
  const topic = env.alerting.alarmTopic;
  if (topic.type !== "existing" || !region.safeParse(env.region).success) return [];
  const topicRegion = topic.topicArn.split(":")[3];
  // PutMetricAlarm refuses another region's topic: "Invalid region <r> specified. Only <region> is supported."
  return topicRegion === env.region
    ? []
    : [{ path: ["alerting", "alarmTopic", "topicArn"], message: `a CloudWatch alarm can only notify a topic in its own region (${env.region}), got one in ${topicRegion}. Use a topic in ${env.region}, or {"type": "create", "emails": [...]}.` }];
}

const environment = z.strictObject({
  production: z.boolean(),
  awsAccountId: accountId,
  region: region.default("ap-northeast-1"),
  assumeRoleArn: iamRoleArn.optional(),
  /** Required (checked below, for a message that says what they are for). */
  deployPrincipalArns: z.array(iamPrincipalArn).optional(),
  /** Required wherever a guard is on (checked below). */
  breakGlassPrincipalArn: iamPrincipalArn.optional(),
  repositoryGuard: repositoryGuard.optional(),
  stateBackend: z.discriminatedUnion("type", [s3Backend, hcpBackend]),
  repositories: z
    .array(repository)
    .min(1, "expected at least one repository")
    .superRefine((repos, ctx) => {
      repos.forEach((repo, index) => {
        const first = repos.findIndex((other) => other.name === repo.name);
        if (first !== index) {
          ctx.addIssue({ code: "custom", path: [index, "name"], message: `"${repo.name}" is already defined by repositories[${first}]. Repository names must be unique.`, input: undefined });
        }
      });
      for (const [index, earlier] of outputPrefixClashes(repos.map((repo) => repo.name))) {
        const prefix = outputPrefix(repos[index].name);
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `expected a name whose Terraform outputs differ from every other repository's, got "${repos[index].name}": it and repositories[${earlier}] "${repos[earlier].name}" both give ${prefix}_repository_url ("/" and "." become "_"). Rename one.`,
          input: undefined,
        });
      }
    }),
  github,
  datadog,
  scanning: scanning.default({ engine: "basic", manageRegistryScanningConfiguration: false, manageBasicScanEngine: false }),
  alerting,
  guardrails: guardrails.default({ suppressions: [], acknowledgements: [] }),
})
  .superRefine((env, ctx) => {
    for (const problem of accessProblems(env)) {
      ctx.addIssue({ code: "custom", path: problem.path, message: problem.message, input: undefined });
    }
    for (const problem of acknowledgementProblems(env)) {
      ctx.addIssue({ code: "custom", path: ["guardrails", "acknowledgements", problem.index, "ruleId"], message: problem.message, input: undefined });
    }
    for (const problem of datadogRoutingProblems(env)) {
      ctx.addIssue({ code: "custom", path: ["datadog", ...problem.path], message: problem.message, input: undefined });
    }
    for (const problem of [...scanningProblems(env), ...alertingProblems(env), ...alertScopeProblems(env), ...kmsKeyProblems(env)]) {
      ctx.addIssue({ code: "custom", path: [...problem.path], message: problem.message, input: undefined });
    }
    if (githubNameProblem("owner", env.github.owner) || githubNameProblem("repository", env.github.repository)) return;
    for (const problem of subjectProblems(env.github.subjects ?? [], env.github, env.production)) {
      ctx.addIssue({ code: "custom", path: ["github", ...problem.path], message: problem.message, input: undefined });
    }
  })
  .transform((env) => ({
    ...env,
    // Present after the checks above; `?? []` only satisfies the type.
    deployPrincipalArns: env.deployPrincipalArns ?? [],
    repositoryGuard: env.repositoryGuard ?? { enabled: env.production },
  }));

/** Default subjects need the environment's name (production trusts `environment:<name>`), which only the record knows. */
function withDefaultSubjects(env: z.infer<typeof environment>, name: string) {
  return { ...env, github: { ...env.github, subjects: env.github.subjects ?? defaultSubjects(env.github, env.production, name) } };
}

/**
 * A registry (account + region) has one scanning configuration, and ECR stops scanning on push every
 * repository its filters miss (ECR user guide, "Filters"; the API: without scan on push, MANUAL): an
 * environment that manages it must be the only one in its registry. The basic-scan engine is one setting per account and region.
 */
function sharedRegistryProblems(envs: Record<string, { awsAccountId: string; region: string; scanning: z.infer<typeof scanning> }>): { path: string[]; message: string }[] {
  const entries = Object.entries(envs);
  const problems: { path: string[]; message: string }[] = [];
  for (const [name, env] of entries) {
    const others = entries.filter(([other, o]) => other !== name && o.awsAccountId === env.awsAccountId && o.region === env.region).map(([other]) => other);
    if (others.length === 0) continue;
    const registry = `registry ${env.awsAccountId} in ${env.region}`;
    if (env.scanning.manageRegistryScanningConfiguration) {
      problems.push({
        path: [name, "scanning", "manageRegistryScanningConfiguration"],
        message: `environment "${others[0]}" shares ${registry}, whose one scanning configuration would only filter "${name}"'s repositories (ECR would stop scanning the others on push). Manage it outside this stack, or from one environment per registry.`,
      });
    }
    if (env.scanning.manageBasicScanEngine && others.some((other) => envs[other].scanning.manageBasicScanEngine)) {
      problems.push({
        path: [name, "scanning", "manageBasicScanEngine"],
        message: `environment "${others.find((other) => envs[other].scanning.manageBasicScanEngine)}" also manages the basic-scan engine of ${registry}, one setting per account and region. Manage it from one environment only.`,
      });
    }
  }
  return problems;
}

/**
 * An AWS tag value (the provider's default tags): at most 256 Unicode letters, digits, spaces and `_.:/=+-@`.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html#id_tags_naming_best_practices
 */
const awsTagValue = (what: string) =>
  z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u, `expected ${what}: 1-256 letters, digits, spaces and "_.:/=+-@" (it becomes an AWS tag value)`);

export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    service: ecrRepositoryName.describe("Service name, used in tags and resource names"),
    sourceRepository: awsTagValue('the repository that holds this IaC code, e.g. "github.com/example-org/demo-api-registry"'),
    environments: z
      .record(z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "expected an environment name of lowercase letters, digits and '-', starting with a letter, at most 20 characters (it becomes the stack id)"), environment)
      .refine((envs) => Object.keys(envs).length > 0, "expected at least one environment")
      .superRefine((envs, ctx) => {
        for (const problem of sharedRegistryProblems(envs)) {
          ctx.addIssue({ code: "custom", path: problem.path, message: problem.message, input: undefined });
        }
      })
      .superRefine(
        (envs, ctx) => {
          for (const problem of sharedAccountProblems(envs)) {
            ctx.addIssue({ code: "custom", path: [...problem.path], message: problem.message, input: undefined });
          }
        },
        // Only on environments that parsed: these checks read fields a broken environment may lack.
        { when: (payload) => payload.issues.length === 0 },
      )
      .transform((envs) => Object.fromEntries(Object.entries(envs).map(([name, env]) => [name, withDefaultSubjects(env, name)]))),
  })
  .superRefine((config, ctx) => {
    // Names built from several fields (service + environment...) are checked where the fields meet; a bad service is reported once, above.
    if (!ecrRepositoryName.safeParse(config.service).success) return;
    for (const [name, env] of Object.entries(config.environments ?? {})) {
      for (const message of derivedNameProblems({ ...env, name, service: config.service })) {
        ctx.addIssue({ code: "custom", path: ["environments", name], message, input: undefined });
      }
    }
  })
  .superRefine(
    (config, ctx) => {
      // The deploy role's name and default subjects need the service and the environment's name, known only here.
      for (const [name, env] of Object.entries(config.environments)) {
        for (const problem of documentSizeProblems(config.service, name, env)) {
          ctx.addIssue({ code: "custom", path: ["environments", name, ...problem.path], message: problem.message, input: undefined });
        }
      }
    },
    // Only on a config that parsed: the documents are built from validated, defaulted fields.
    { when: (payload) => payload.issues.length === 0 },
  );

export type ConfigFile = z.infer<typeof configFileSchema>;
export type EnvironmentInput = ConfigFile["environments"][string];
export type RepositoryConfig = z.infer<typeof repository>;
export type StateBackendConfig = EnvironmentInput["stateBackend"];

/** One validated environment, with the shared fields it needs. */
export interface EnvironmentConfig extends EnvironmentInput {
  readonly name: string;
  readonly service: string;
  readonly sourceRepository: string;
}
