import { deployRepositoryActions } from "../github/deploy-permissions";
import { exceptPrincipals } from "../guard";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../policy-document";

/** What an image pull needs on the repository. `ecr:GetAuthorizationToken` is not here: it belongs in identity policies. */
export const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] as const;

/** What a push needs beyond the pull actions (`docker push` checks layers with ecr:BatchCheckLayerAvailability). */
export const PUSH_ONLY_ACTIONS = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"] as const;

/** Changes the repository guard reserves to the Terraform deploy principals and the break-glass principal. */
export const GUARDED_ACTIONS = [
  "ecr:SetRepositoryPolicy",
  "ecr:DeleteRepositoryPolicy",
  "ecr:PutLifecyclePolicy",
  "ecr:DeleteLifecyclePolicy",
  "ecr:PutImageTagMutability",
  "ecr:PutImageScanningConfiguration",
  "ecr:BatchDeleteImage",
  "ecr:DeleteRepository",
] as const;

/**
 * Amazon Inspector's service-linked role, which pulls images for enhanced scanning
 * (AmazonInspector2ServiceRolePolicy allows it ecr:BatchGetImage and ecr:GetDownloadUrlForLayer).
 * A service-linked role is an IAM role, not a service principal: `aws:PrincipalIsAWSService` is false for it.
 */
export function inspectorServiceLinkedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`;
}

export interface RepositoryGuard {
  /** The Terraform deploy principals, the break-glass principal and the root user (see `guardAdministratorArns`). */
  readonly administratorArns: readonly string[];
}

export interface RepositoryPolicyProps {
  /** The account that owns the repository (for its service-linked roles). */
  readonly accountId: string;
  /** Roles that may pull (e.g. the ECS task execution role). */
  readonly pullPrincipalArns: readonly string[];
  /**
   * The GitHub deploy role: granted push (and, with basic scanning, the scan gate's read) here rather than in
   * its own identity policy, let through an exclusive pull (a push checks layers with a pull action) and,
   * under the guard, the only principal that pushes.
   */
  readonly deployRoleArn: string;
  /**
   * Deny pulls to every principal not listed (the deploy role and, with enhanced scanning, Inspector are let
   * through). An Allow alone does not stop other principals of the same account whose identity policies allow
   * ECR reads.
   * @default true where `guard` is set, false elsewhere
   */
  readonly exclusivePull?: boolean;
  /**
   * The scan engine: "enhanced" (Amazon Inspector) pulls through its service-linked role, let through an exclusive
   * pull; "basic" is read by the deploy role's scan gate (`ecr:DescribeImages`).
   * @default "basic" (ECR scans without pulling through the repository policy)
   */
  readonly scanning?: "basic" | "enhanced";
  /**
   * Reserve pushes to the deploy role and every change or deletion in `GUARDED_ACTIONS` to these administrators.
   * @default undefined (no guard)
   */
  readonly guard?: RepositoryGuard;
}

/**
 * The repository policy. Every principal is named in an
 * `aws:PrincipalArn` condition, never in `Principal`: ECR rejects a policy whose `Principal` names a role that
 * does not exist yet ("Principal not found"; terraform-provider-aws issue 39064), and a role named there stops
 * matching once it is recreated, while a condition keeps matching its ARN (IAM User Guide, "IAM role
 * principals"). The size grows with the principals named, never with the number of repositories.
 */
export function repositoryPolicy(props: RepositoryPolicyProps): PolicyDocument {
  const pullers = [...new Set(props.pullPrincipalArns)].sort();
  const statements: PolicyStatement[] = [
    // The deploy role's push: granted per repository, so the role's identity policy does not grow with the repositories.
    {
      Sid: "AllowDeployRolePush",
      Effect: "Allow",
      Principal: "*",
      Action: deployRepositoryActions(props.scanning),
      Condition: { ArnEquals: { "aws:PrincipalArn": props.deployRoleArn } },
    },
  ];
  if (pullers.length > 0) {
    // "*" narrowed by aws:PrincipalArn grants to exactly these roles, as if each were named in Principal.
    statements.push({ Sid: "AllowPull", Effect: "Allow", Principal: "*", Action: PULL_ACTIONS, Condition: { ArnEquals: { "aws:PrincipalArn": pullers } } });
  }
  if (props.exclusivePull ?? props.guard !== undefined) {
    const scanner = props.scanning === "enhanced" ? [inspectorServiceLinkedRoleArn(props.accountId)] : [];
    statements.push({
      Sid: "DenyPullToEveryoneElse",
      Effect: "Deny",
      Principal: "*",
      Action: PULL_ACTIONS,
      Condition: exceptPrincipals([...pullers, props.deployRoleArn, ...scanner]),
    });
  }
  if (props.guard) {
    statements.push(
      { Sid: "DenyPushToEveryoneElse", Effect: "Deny", Principal: "*", Action: PUSH_ONLY_ACTIONS, Condition: exceptPrincipals([props.deployRoleArn]) },
      {
        Sid: "DenyRepositoryChangesToEveryoneElse",
        Effect: "Deny",
        Principal: "*",
        Action: GUARDED_ACTIONS,
        Condition: exceptPrincipals(props.guard.administratorArns),
      },
    );
  }
  return policyDocument(...statements);
}
