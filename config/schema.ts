import { z } from "zod";
import { lifecycleRuleProblems } from "../constructs/lifecycle-rules";

/**
 * The one schema for `config/environments.json`. Every message says what was expected;
 * `load-config.ts` prefixes it with the environment and field path.
 */

const PARTITION = "aws(?:-cn|-us-gov)?";
const ACCOUNT = "\\d{12}";

export const accountId = z.string().regex(new RegExp(`^${ACCOUNT}$`), "expected 12 digits");

const region = z
  .string()
  .regex(/^[a-z]{2}(?:-[a-z]+)+-\d$/, 'expected an AWS region such as "ap-northeast-1"');

export const iamRoleArn = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`),
    'expected an IAM role ARN such as "arn:aws:iam::123456789012:role/name"',
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
  countType: z.enum(["imageCountMoreThan", "sinceImagePushed"]),
  countUnit: z.literal("days").optional(),
  countNumber: positiveInt,
});

const lifecycleRules = z
  .array(lifecycleRule)
  .min(1, "expected at least one rule (untagged images must expire)")
  .superRefine((rules, ctx) => {
    for (const problem of lifecycleRuleProblems(rules)) {
      ctx.addIssue({ code: "custom", path: [problem.index, problem.field], message: problem.message, input: undefined });
    }
  });

const encryption = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("AES256") }),
  z.strictObject({ type: z.literal("KMS"), kmsKeyArn }),
]);

const repository = z.strictObject({
  name: ecrRepositoryName,
  tagMutability: z.enum(["MUTABLE", "IMMUTABLE"]),
  encryption: encryption.default({ type: "AES256" }),
  forceDelete: z.boolean().default(false),
  lifecycleRules,
  pullPrincipalArns: z.array(iamRoleArn).default([]),
  exclusivePull: z.boolean().default(false),
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
});

const hcpBackend = z.strictObject({
  type: z.literal("hcp"),
  organization: z.string().min(1, "expected the HCP Terraform organization name"),
  workspace: z.string().regex(/^[\w-]{1,90}$/, "expected a workspace name of letters, digits, '-' and '_'"),
});

const github = z.strictObject({
  owner: z.string(),
  repository: z.string(),
});

const datadog = z.strictObject({
  site: z.string(),
  team: z.string(),
});

const environment = z.strictObject({
  production: z.boolean(),
  awsAccountId: accountId,
  region: region.default("ap-northeast-1"),
  assumeRoleArn: iamRoleArn.optional(),
  stateBackend: z.discriminatedUnion("type", [s3Backend, hcpBackend]),
  repositories: z.array(repository).min(1, "expected at least one repository"),
  github,
  datadog,
});

export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  service: ecrRepositoryName.describe("Service name, used in tags and resource names"),
  sourceRepository: z.string().min(1, "expected the repository that holds this IaC code"),
  environments: z
    .record(z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "expected a lowercase environment name"), environment)
    .refine((envs) => Object.keys(envs).length > 0, "expected at least one environment"),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type EnvironmentInput = z.infer<typeof environment>;
export type RepositoryConfig = z.infer<typeof repository>;
export type StateBackendConfig = EnvironmentInput["stateBackend"];

/** One validated environment, with the shared fields it needs. */
export interface EnvironmentConfig extends EnvironmentInput {
  readonly name: string;
  readonly service: string;
  readonly sourceRepository: string;
}
