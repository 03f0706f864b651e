import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import { Construct } from "constructs";
import { deployPermissions, type EcsDeployTarget } from "./deploy-permissions";
import { GITHUB_OIDC_HOST, STS_AUDIENCE, githubOidcProviderArn, githubTrustPolicy } from "./trust-policy";
import type { PolicyDocument } from "../policy-document";

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PERMISSIONS_POLICY_NAME = "push-images";

export interface GithubDeployRoleProps {
  /** The AWS account the role lives in. */
  readonly accountId: string;
  /** IAM role name (1-64 of letters, digits and `+=,.@_-`), e.g. `demo-api-prod-github-deploy`. */
  readonly roleName: string;
  /** Full GitHub `sub` claims allowed to assume the role; `*`/`?` make a subject a pattern. */
  readonly subjects: readonly string[];
  /**
   * An account has at most one provider for `token.actions.githubusercontent.com`: create it here,
   * or look up the one another stack or team created.
   */
  readonly oidcProvider: "create" | "lookup";
  /**
   * The environment's scanning engine: the scan gate reads ECR's scan status (basic) or Amazon Inspector's coverage and findings (enhanced).
   * @default "basic"
   */
  readonly scanEngine?: "basic" | "enhanced";
  /**
   * Also allow rolling out this ECS service.
   * @default undefined (ECR only)
   */
  readonly ecsDeploy?: EcsDeployTarget;
  /**
   * Refuse plans that destroy a provider this construct created (other roles of the account may trust it).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The role GitHub Actions assumes through OIDC to push images, with exactly the permissions below and no others.
 * Its repositories grant it push in their own policies (`deployRepositoryActions`), so it pushes to them and to no other.
 */
export class GithubDeployRole extends Construct {
  readonly role: IamRole;
  /** The workflow's `role-to-assume`. */
  readonly roleArn: string;
  readonly providerArn: string;
  /** Who may assume the role, as IAM evaluates it. */
  readonly trustPolicy: PolicyDocument;
  /** What the role may do, as IAM evaluates it. */
  readonly permissionsPolicy: PolicyDocument;
  /** The inline policy resource that grants `permissionsPolicy`. */
  readonly permissions: IamRolePolicy;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    if (!ROLE_NAME.test(props.roleName)) {
      throw new Error(
        `${this.node.path}: "${props.roleName}" is not a valid IAM role name (1-64 letters, digits or "+=,.@_-"). Set github.roleName in the config.`,
      );
    }

    const provider =
      props.oidcProvider === "create"
        ? new IamOpenidConnectProvider(this, "oidc-provider", {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: [STS_AUDIENCE],
            lifecycle: { preventDestroy: props.preventDestroy ?? false },
          })
        : new DataAwsIamOpenidConnectProvider(this, "oidc-provider", { url: `https://${GITHUB_OIDC_HOST}` });
    this.providerArn = provider.arn;

    // The policies name the provider by its fixed ARN rather than the `arn` attribute so they stay
    // plain JSON that tests evaluate; `dependsOn` keeps the ordering the reference would have given
    // (IAM rejects a trust policy whose federated principal does not exist yet).
    this.trustPolicy = githubTrustPolicy({ providerArn: githubOidcProviderArn(props.accountId), subjects: props.subjects });
    this.permissionsPolicy = deployPermissions({ scanEngine: props.scanEngine, ecsDeploy: props.ecsDeploy });

    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Assumed by GitHub Actions through OIDC to push images",
      assumeRolePolicy: JSON.stringify(this.trustPolicy),
      maxSessionDuration: 3600,
      dependsOn: [provider],
    });
    this.roleArn = this.role.arn;

    this.permissions = new IamRolePolicy(this, "permissions", {
      name: PERMISSIONS_POLICY_NAME,
      role: this.role.name,
      policy: JSON.stringify(this.permissionsPolicy),
    });
    // Anything attached by hand (a console "AdministratorAccess" while debugging) is removed on the next apply.
    new IamRolePoliciesExclusive(this, "only-these-inline-policies", { roleName: this.role.name, policyNames: [PERMISSIONS_POLICY_NAME] });
    new IamRolePolicyAttachmentsExclusive(this, "no-managed-policies", { roleName: this.role.name, policyArns: [] });
  }
}
