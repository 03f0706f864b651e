import { LIMITS, sizeOf } from "../constructs/service-limits";
import { blocksOf, stringOf, type Attributes } from "./terraform-attributes";

/** Terraform JSON's `resource` block: resource type -> logical id -> attributes. */
export type TerraformResources = Readonly<Record<string, Readonly<Record<string, Attributes>>>>;

export type LimitName = keyof typeof LIMITS;

/** One limited document of a stack, measured as its limit counts. */
export interface DocumentSize {
  readonly limit: LimitName;
  /** The resource (`aws_iam_role_policy.x`), or the role whose inline policies are summed. */
  readonly resource: string;
  readonly size: number;
}

const documentsOf = (resources: TerraformResources, type: string) => Object.entries(resources[type] ?? {});

function measure(limit: LimitName, resource: string, text: string | undefined): DocumentSize[] {
  return text === undefined ? [] : [{ limit, resource, size: sizeOf(LIMITS[limit], text) }];
}

function lifecycleRuleCount(policy: string | undefined): number | undefined {
  try {
    const rules = (JSON.parse(policy ?? "") as { rules?: unknown }).rules;
    return Array.isArray(rules) ? rules.length : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every document of the stack that a service limits (constructs/service-limits.ts), as Terraform will send it.
 * A role's inline policies are summed per role, as IAM counts them.
 */
export function documentSizes(resources: TerraformResources): DocumentSize[] {
  const inlineByRole = new Map<string, number>();
  for (const [, policy] of documentsOf(resources, "aws_iam_role_policy")) {
    const role = stringOf(policy.role) ?? "";
    inlineByRole.set(role, (inlineByRole.get(role) ?? 0) + sizeOf(LIMITS.roleInlinePolicies, stringOf(policy.policy) ?? ""));
  }
  return [
    ...documentsOf(resources, "aws_cloudwatch_event_rule").flatMap(([id, rule]) => measure("eventPattern", `aws_cloudwatch_event_rule.${id}`, stringOf(rule.event_pattern))),
    ...documentsOf(resources, "aws_cloudwatch_event_target").flatMap(([id, target]) =>
      blocksOf(target.input_transformer).flatMap((transformer) => measure("inputTemplate", `aws_cloudwatch_event_target.${id}`, stringOf(transformer.input_template))),
    ),
    ...documentsOf(resources, "aws_iam_role").flatMap(([id, role]) => measure("roleTrustPolicy", `aws_iam_role.${id}`, stringOf(role.assume_role_policy))),
    ...[...inlineByRole].map(([role, size]) => ({ limit: "roleInlinePolicies" as const, resource: `inline policies of ${role}`, size })),
    ...documentsOf(resources, "aws_iam_policy").flatMap(([id, policy]) => measure("managedPolicy", `aws_iam_policy.${id}`, stringOf(policy.policy))),
    ...documentsOf(resources, "aws_ecr_repository_policy").flatMap(([id, policy]) => measure("repositoryPolicy", `aws_ecr_repository_policy.${id}`, stringOf(policy.policy))),
    ...documentsOf(resources, "aws_ecr_lifecycle_policy").flatMap(([id, policy]) => {
      const text = stringOf(policy.policy);
      const rules = lifecycleRuleCount(text);
      return [
        ...measure("lifecyclePolicy", `aws_ecr_lifecycle_policy.${id}`, text),
        ...(rules === undefined ? [] : [{ limit: "lifecycleRules" as const, resource: `aws_ecr_lifecycle_policy.${id}`, size: rules }]),
      ];
    }),
    ...documentsOf(resources, "datadog_monitor").flatMap(([id, monitor]) => measure("monitorMessage", `datadog_monitor.${id}`, stringOf(monitor.message))),
  ];
}

/** The resource types `documentSizes` reads. */
export const LIMITED_RESOURCE_TYPES: readonly string[] = [
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_ecr_repository_policy",
  "aws_ecr_lifecycle_policy",
  "datadog_monitor",
];
