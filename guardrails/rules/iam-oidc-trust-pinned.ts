import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { compliant, violation, type Rule, type RuleContext } from "../rule";
import { listOf, NOT_KNOWN_AT_SYNTH, statementName, statementsOf, type Statement } from "../policy-json";
import { stringOf, terraformAttributes } from "../terraform-attributes";

const ISSUER = "token.actions.githubusercontent.com";
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const PROVIDER_REFERENCE = /\$\{(?:data\.)?aws_iam_openid_connect_provider\./;

function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((keys) => Object.keys(keys));
}

/** A statement that trusts GitHub Actions' OIDC tokens, by its federated principal or its condition keys. */
function trustsGithubOidc(statement: Statement): boolean {
  const principal = statement.Principal as { Federated?: unknown } | undefined;
  const federated = typeof principal === "object" && principal !== null ? listOf(principal.Federated) : [];
  return (
    federated.some((arn) => arn.includes(ISSUER) || PROVIDER_REFERENCE.test(arn)) ||
    conditionKeys(statement).some((key) => key.toLowerCase().startsWith(`${ISSUER}:`))
  );
}

/** `[operator, values]` of every test of `key` in the statement's conditions. */
function testsOf(statement: Statement, key: string): [string, string[]][] {
  return Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys)
      .filter(([k]) => k.toLowerCase() === key)
      .map(([, values]): [string, string[]] => [operator, listOf(values)]),
  );
}

/** The start of every `sub` GitHub issues for the repository: `repo:OWNER/REPO:`, or `repo:OWNER@ID/REPO@ID:` (immutable form). */
function subjectPrefixOf(github: RuleContext["github"]): string {
  return github.ownerId !== undefined && github.repositoryId !== undefined
    ? `repo:${github.owner}@${github.ownerId}/${github.repository}@${github.repositoryId}:`
    : `repo:${github.owner}/${github.repository}:`;
}

/** IAM `StringLike`: `*` any run of characters (also none), `?` exactly one, case-sensitive. */
function stringLike(pattern: string, value: string): boolean {
  const source = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${source.join("")}$`).test(value);
}

/** Production trusts exact claims and release tag patterns `ref:refs/tags/<literal prefix>*`, never pull requests. */
function productionProblems(name: string, operator: string, value: string, prefix: string): string[] {
  const pattern = operator === "StringLike" && /[*?]/.test(value);
  if (pattern ? stringLike(value, `${prefix}pull_request`) : value === `${prefix}pull_request`) {
    return [`${name} accepts sub "${value}", which trusts pull_request workflows (unreviewed code) in production`];
  }
  if (pattern && !/^ref:refs\/tags\/[^*?]+\*$/.test(value.slice(prefix.length))) {
    return [`${name} accepts sub "${value}": in production a pattern may only be a release tag pattern "${prefix}ref:refs/tags/<literal prefix>*"`];
  }
  return [];
}

function problemsOf(statement: Statement, name: string, context: RuleContext): string[] {
  const problems: string[] = [];
  const prefix = subjectPrefixOf(context.github);
  for (const operator of Object.keys(statement.Condition ?? {}).filter((op) => op.startsWith("ForAllValues:"))) {
    problems.push(`${name} uses ${operator}, which is true when the token lacks the claim`);
  }
  const subTests = testsOf(statement, SUB);
  if (subTests.length === 0) problems.push(`${name} does not test ${SUB}: any GitHub repository can assume the role`);
  for (const [operator, values] of subTests) {
    if (operator !== "StringEquals" && operator !== "StringLike") {
      problems.push(`${name} tests ${SUB} with ${operator}; only StringEquals or StringLike pin it`);
    }
    for (const value of values) {
      if (!value.startsWith(prefix) || value.length === prefix.length) {
        problems.push(`${name} accepts sub "${value}", which does not start with "${prefix}<ref>" (the configured repository, no wildcard before the ref part)`);
      } else if (context.production) {
        problems.push(...productionProblems(name, operator, value, prefix));
      }
    }
  }
  const audTests = testsOf(statement, AUD).filter(([operator]) => operator === "StringEquals");
  const audValues = audTests.flatMap(([, values]) => values);
  if (audValues.length === 0 || audValues.some((v) => v.includes("*") || v.includes("?"))) {
    problems.push(`${name} does not check ${AUD} with StringEquals (expected "sts.amazonaws.com")`);
  }
  return problems;
}

/** Problems of every Allow statement that trusts GitHub's OIDC provider; each `sub` value counts, not just the first. */
export function oidcTrustProblems(statements: readonly Statement[], context: RuleContext): string[] {
  return statements.flatMap((statement, index) =>
    statement.Effect === "Allow" && trustsGithubOidc(statement) ? problemsOf(statement, statementName(statement, index), context) : [],
  );
}

/** Stricter than CKV_AWS_358, which passes when one `sub` value is specific even if another is `repo:*`. */
export const iamOidcTrustPinned: Rule<IamRole> = {
  id: "DAR-IAM-1",
  level: "error",
  explanation:
    "A GitHub OIDC trust policy that does not pin sub to this repository (and aud to STS) lets workflows of other repositories, or other GitHub organizations, assume the deploy role; in production a wildcard branch, environment or ref, or a pull_request subject, lets unreviewed code assume it.",
  fix: 'trust only sub values "repo:<owner>/<repository>:<claim>" (or "repo:<owner>@<ownerId>/<repository>@<repositoryId>:<claim>" when github.ownerId/repositoryId are set), in production exact claims such as "environment:prod" or release tag patterns "ref:refs/tags/<literal prefix>*", with StringEquals on token.actions.githubusercontent.com:aud = "sts.amazonaws.com" and no ForAllValues: operator',
  appliesTo: (node) => node instanceof IamRole,
  check: (role, context) => {
    const attributes = terraformAttributes(role);
    const statements = statementsOf(stringOf(attributes.assume_role_policy));
    if (!statements) return violation(`the trust policy of role "${stringOf(attributes.name) ?? role.node.id}": ${NOT_KNOWN_AT_SYNTH}`);
    const problems = oidcTrustProblems(statements, context);
    return problems.length === 0 ? compliant() : violation(...problems);
  },
};
