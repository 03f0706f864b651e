import { isSubjectPattern } from "./subjects";
import { policyDocument, type ConditionBlock, type PolicyDocument, type PolicyStatement } from "../policy-document";

/** GitHub's OIDC issuer host; IAM names the token's claims `<host>:sub`, `<host>:aud`. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience `aws-actions/configure-aws-credentials` requests by default. */
export const STS_AUDIENCE = "sts.amazonaws.com";
export const SUB_KEY = `${GITHUB_OIDC_HOST}:sub`;
export const AUD_KEY = `${GITHUB_OIDC_HOST}:aud`;

/** The account's GitHub OIDC provider ARN; there is at most one per account, at this fixed name. */
export function githubOidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export interface GithubTrustPolicyProps {
  /** ARN of the account's `token.actions.githubusercontent.com` OIDC provider. */
  readonly providerArn: string;
  /** Full `sub` claims; those with `*` or `?` are patterns. At least one. */
  readonly subjects: readonly string[];
}

/**
 * Who may assume the deploy role: GitHub workflows whose token has the STS audience and one of
 * the subjects. Exact subjects and patterns sit in separate statements because two `sub`
 * conditions in one statement are ANDed and could never both match.
 */
export function githubTrustPolicy(props: GithubTrustPolicyProps): PolicyDocument {
  if (props.subjects.length === 0) throw new Error("githubTrustPolicy: expected at least one subject");
  const exact = [...new Set(props.subjects.filter((s) => !isSubjectPattern(s)))].sort();
  const patterns = [...new Set(props.subjects.filter(isSubjectPattern))].sort();
  const statement = (Sid: string, Condition: ConditionBlock): PolicyStatement => ({
    Sid,
    Effect: "Allow",
    Principal: { Federated: props.providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition,
  });
  const statements: PolicyStatement[] = [];
  if (exact.length > 0) {
    statements.push(statement("GithubExactSubjects", { StringEquals: { [AUD_KEY]: STS_AUDIENCE, [SUB_KEY]: exact } }));
  }
  if (patterns.length > 0) {
    statements.push(
      statement("GithubSubjectPatterns", { StringEquals: { [AUD_KEY]: STS_AUDIENCE }, StringLike: { [SUB_KEY]: patterns } }),
    );
  }
  return policyDocument(...statements);
}
