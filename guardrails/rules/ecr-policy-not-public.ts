import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { compliant, violation, type Rule } from "../rule";
import { listOf, NOT_KNOWN_AT_SYNTH, statementName, statementsOf, type Statement } from "../policy-json";
import { stringOf, terraformAttributes } from "../terraform-attributes";

/** Condition keys that restrict who (or from where) a `*` principal may be. */
const NARROWING_KEYS = new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
]);

/** Positive matches only: `Not*` operators, `IfExists` and `ForAllValues:` all pass for principals the key does not describe. */
const NARROWING_OPERATOR = /^(?:ForAnyValue:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

function narrows(condition: Statement["Condition"]): boolean {
  return Object.entries(condition ?? {}).some(
    ([operator, keys]) =>
      NARROWING_OPERATOR.test(operator) &&
      Object.entries(keys).some(
        ([key, values]) => NARROWING_KEYS.has(key.toLowerCase()) && listOf(values).length > 0 && !listOf(values).includes("*"),
      ),
  );
}

function anyPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  return typeof principal === "object" && principal !== null && listOf((principal as Record<string, unknown>).AWS).includes("*");
}

/** Allow statements that grant to everyone: `*` (or NotPrincipal) without a condition that narrows who. */
export function publicStatements(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement, index) => {
    if (statement.Effect !== "Allow") return [];
    if (statement.NotPrincipal !== undefined) return [`${statementName(statement, index)} allows NotPrincipal, i.e. everyone else`];
    if (anyPrincipal(statement.Principal) && !narrows(statement.Condition)) {
      return [`${statementName(statement, index)} allows ${listOf(statement.Action).join(", ") || "its actions"} to any principal ("*") with no condition on the principal's account, organization, ARN or source`];
    }
    return [];
  });
}

/** CKV_AWS_32 / AVD-AWS-0032: a public repository policy lets any AWS account pull (or push) images. */
export const ecrPolicyNotPublic: Rule<EcrRepositoryPolicy> = {
  id: "DAR-ECR-4",
  level: "error",
  explanation: "A repository policy that allows \"*\" without a narrowing condition lets every AWS account in the world use the repository.",
  fix: 'grant to named role ARNs ("pullPrincipalArns" in config/environments.json), or add a condition such as StringEquals aws:PrincipalOrgID',
  appliesTo: (node) => node instanceof EcrRepositoryPolicy,
  check: (policy) => {
    const statements = statementsOf(stringOf(terraformAttributes(policy).policy));
    if (!statements) return violation(`the repository policy: ${NOT_KNOWN_AT_SYNTH}`);
    const problems = publicStatements(statements);
    return problems.length === 0 ? compliant() : violation(...problems);
  },
};
