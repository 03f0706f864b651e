import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { IConstruct } from "constructs";
import { compliant, violation, type Rule } from "../rule";
import { listOf, NOT_KNOWN_AT_SYNTH, statementName, statementsOf, type Statement } from "../policy-json";
import { blocksOf, stringOf, terraformAttributes } from "../terraform-attributes";

/**
 * Actions this product uses whose Service Authorization Reference entry lists no resource type, so IAM only
 * accepts `"Resource": "*"` for them. Only such actions belong here: one that has a resource type (e.g.
 * ecs:RegisterTaskDefinition, on `task-definition/<family>:*`) must be scoped.
 */
export const RESOURCELESS_ACTIONS: ReadonlySet<string> = new Set([
  "ecr:getauthorizationtoken",
  "ecs:describetaskdefinition",
  // The scan gate with enhanced scanning (Amazon Inspector2: neither has a resource type).
  "inspector2:listcoverage",
  "inspector2:listfindings",
]);

type PolicyHolder = IamRole | IamRolePolicy | IamPolicy | EcrRepositoryPolicy | SqsQueuePolicy | SqsQueue;

/** Allow statements only: a Deny with `*` narrows access, which is what a guard is for. */
export function wildcardProblems(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement, index) => {
    if (statement.Effect !== "Allow") return [];
    const name = statementName(statement, index);
    const actions = listOf(statement.Action);
    const problems: string[] = [];
    if (actions.includes("*")) problems.push(`${name} allows Action "*"`);
    for (const action of actions.filter((a) => /^[\w-]+:\*$/.test(a))) problems.push(`${name} allows every action of a service, "${action}"`);
    if (statement.NotAction !== undefined) problems.push(`${name} allows NotAction, i.e. every other action`);
    if (statement.NotResource !== undefined) problems.push(`${name} allows NotResource, i.e. every other resource`);
    const resourceless = actions.length > 0 && actions.every((action) => RESOURCELESS_ACTIONS.has(action.toLowerCase()));
    if (listOf(statement.Resource).includes("*") && !resourceless) {
      problems.push(`${name} allows ${actions.join(", ") || "its actions"} on Resource "*"; only actions without a resource type (ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition, inspector2:ListCoverage, inspector2:ListFindings) may use "*"`);
    }
    return problems;
  });
}

/** Every policy document a construct carries, named for the report. */
function documentsOf(node: PolicyHolder): [string, string | undefined][] {
  const attributes = terraformAttributes(node);
  if (node instanceof IamRole) {
    return [
      ["trust policy", stringOf(attributes.assume_role_policy)],
      ...blocksOf(attributes.inline_policy).map((p, i): [string, string | undefined] => [`inline policy "${stringOf(p.name) ?? i}"`, stringOf(p.policy)]),
    ];
  }
  return [["policy", stringOf(attributes.policy)]];
}

/** CKV_AWS_63 (Action "*"), CKV_AWS_355 (Resource "*") / AVD-AWS-0057. */
export const iamNoWildcards: Rule<PolicyHolder> = {
  id: "DAR-IAM-2",
  level: "error",
  explanation: "A \"*\" Action or Resource grants far more than the job needs: a leaked CI token could then delete repositories, read other services' data or escalate privileges.",
  fix: 'list the exact actions and resource ARNs; "Resource": "*" is allowed only for actions without a resource type (ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition), in a statement of their own',
  appliesTo: (node: IConstruct): node is PolicyHolder =>
    [IamRole, IamRolePolicy, IamPolicy, EcrRepositoryPolicy, SqsQueuePolicy, SqsQueue].some((type) => node instanceof type),
  check: (node) => {
    const problems = documentsOf(node).flatMap(([name, json]) => {
      if (json === undefined) return [];
      const statements = statementsOf(json);
      return statements ? wildcardProblems(statements).map((p) => `${name}: ${p}`) : [`${name}: ${NOT_KNOWN_AT_SYNTH}`];
    });
    return problems.length === 0 ? compliant() : violation(...problems);
  },
};
