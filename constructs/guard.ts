import type { ConditionBlock } from "./policy-document";

/**
 * What the resource guards (state bucket, KMS key, repository policy, dead-letter queue; docs/security.md)
 * share: who they never lock out, and how a Deny names "everyone else".
 */

/**
 * `arn:aws:iam::<account>:root`. As a value of `aws:PrincipalArn` it is the account's root user only; in a
 * `Principal` element it is the whole account (IAM User Guide, "AWS global condition context keys", aws:PrincipalArn).
 */
export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export interface GuardAdministrators {
  /** The environment's account: its root user is always among the administrators. */
  readonly accountId: string;
  /** The Terraform deploy principals (config `deployPrincipalArns`). */
  readonly deployPrincipalArns: readonly string[];
  /** The break-glass principal (config `breakGlassPrincipalArn`), where one is configured. */
  readonly breakGlassPrincipalArn?: string;
}

/**
 * The principals a guard never denies the administration of its resource: the deploy principals, the
 * break-glass principal and the root user. The root user cannot be deleted, which is why AWS advises keeping
 * it able to manage a KMS key (KMS Developer Guide, "Default key policy"), and it is S3's way back into a
 * bucket whose policy locks everyone out (S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors").
 */
export function guardAdministratorArns(admins: GuardAdministrators): string[] {
  return sortedUnique([
    ...admins.deployPrincipalArns,
    ...(admins.breakGlassPrincipalArn === undefined ? [] : [admins.breakGlassPrincipalArn]),
    accountRootArn(admins.accountId),
  ]);
}

/**
 * The condition of a guard's Deny: every IAM principal except these. Names are compared as ARNs in the
 * condition (never in `Principal`), so a policy naming a role that does not exist yet is accepted, and a
 * recreated role with the same ARN keeps its exemption (IAM User Guide, "IAM role principals").
 *
 * AWS service principals (e.g. `lambda.amazonaws.com` pulling an image) carry no `aws:PrincipalArn`, and a
 * negated operator is true when its key is absent (IAM User Guide, "Condition operators"): without the second
 * key the Deny would hit them too. `aws:PrincipalIsAWSService` is true only for a service principal acting
 * directly; service-linked roles are IAM roles and stay under the Deny unless listed (IAM User Guide,
 * aws:PrincipalIsAWSService). `IfExists` keeps anonymous requests, which carry neither key, under the Deny.
 */
export function exceptPrincipals(principalArns: readonly string[]): ConditionBlock {
  return {
    ArnNotEquals: { "aws:PrincipalArn": sortedUnique(principalArns) },
    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
