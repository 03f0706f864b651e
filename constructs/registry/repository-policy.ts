import { policyDocument, type PolicyDocument, type PolicyStatement } from "../policy-document";

/** What an image pull needs on the repository. `ecr:GetAuthorizationToken` is not here: it belongs in identity policies. */
export const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] as const;

export interface RepositoryPolicyProps {
  /** Roles that may pull (e.g. the ECS task execution role, the CI deploy role). */
  readonly pullPrincipalArns: readonly string[];
  /**
   * Deny pulls to every principal not listed. An Allow alone does not stop other principals of the
   * same account whose identity policies allow ECR reads.
   * @default false
   */
  readonly exclusivePull?: boolean;
}

/** The repository policy for the given pull principals, or `undefined` when there is nothing to grant. */
export function repositoryPolicy(props: RepositoryPolicyProps): PolicyDocument | undefined {
  const principals = [...new Set(props.pullPrincipalArns)].sort();
  if (principals.length === 0) return undefined;
  const statements: PolicyStatement[] = [
    { Sid: "AllowPull", Effect: "Allow", Principal: { AWS: principals }, Action: PULL_ACTIONS },
  ];
  if (props.exclusivePull) {
    statements.push({
      Sid: "DenyPullToEveryoneElse",
      Effect: "Deny",
      Principal: "*",
      Action: PULL_ACTIONS,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": principals } },
    });
  }
  return policyDocument(...statements);
}
