import { accountRootArn, exceptPrincipals } from "../guard";
import { policyDocument, type PolicyDocument } from "../policy-document";

/**
 * Bucket settings whose change would unseal or destroy the state: the policy itself; versioning and the
 * lifecycle rules (a rule that expires every version deletes the state: S3 User Guide, "Example: Allow
 * ... DELETE Object permissions" names s3:PutLifecycleConfiguration beside the object deletes); encryption;
 * replication (a copy elsewhere); public access, ownership and ACLs; the bucket itself.
 */
export const GUARDED_BUCKET_ACTIONS = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutLifecycleConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:PutReplicationConfiguration",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketAcl",
  "s3:DeleteBucket",
] as const;

export interface StateBucketPolicyProps {
  /** The state bucket. */
  readonly bucketArn: string;
  /** The only principals that may touch state objects or change the bucket (see `guardAdministratorArns`). */
  readonly administratorArns: readonly string[];
}

/**
 * The state bucket's policy. TLS 1.2+ only, for everyone. Every object action (state files, their old
 * versions, lock files: `s3:*` on `<bucket>/*`, which covers s3:GetObjectVersion and s3:DeleteObjectVersion)
 * and every change in `GUARDED_BUCKET_ACTIONS` denied to all but the administrators, whatever their IAM
 * policies allow. It grants nothing: the administrators' own IAM policies do.
 */
export function stateBucketPolicy(props: StateBucketPolicyProps): PolicyDocument {
  const { bucketArn } = props;
  const everything = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`] } as const;
  return policyDocument(
    { Sid: "DenyInsecureTransport", ...everything, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    { Sid: "DenyOutdatedTls", ...everything, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
    {
      Sid: "DenyStateToEveryoneElse",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: `${bucketArn}/*`,
      Condition: exceptPrincipals(props.administratorArns),
    },
    {
      Sid: "DenyBucketChangesToEveryoneElse",
      Effect: "Deny",
      Principal: "*",
      Action: GUARDED_BUCKET_ACTIONS,
      Resource: bucketArn,
      Condition: exceptPrincipals(props.administratorArns),
    },
  );
}

/** AWS's "key administrators" statement of the default key policy (KMS Developer Guide, "Default key policy"). */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
] as const;

/** AWS's "key users" statement: what S3 needs, on the caller's behalf, to write and read SSE-KMS objects. */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

export interface StateKeyPolicyProps {
  /** The account that owns the key. */
  readonly accountId: string;
  /** Who may manage the key and its policy (see `guardAdministratorArns`; includes the root user). */
  readonly administratorArns: readonly string[];
  /** Who may encrypt and decrypt state with it: the deploy principals and the break-glass principal. */
  readonly userArns: readonly string[];
}

/**
 * The key policy of the state key. Both statements name the account as `Principal` and the principals in an
 * `aws:PrincipalArn` condition: KMS rejects a key policy whose principals do not exist ("The principals in
 * the key policy must exist and be visible to AWS KMS", PutKeyPolicy API reference), and the account
 * principal keeps the key manageable by its root user, which cannot be deleted (KMS Developer Guide, "Default
 * key policy"). With the account as principal, a listed role also needs an IAM policy that allows the action.
 * KMS's lockout safety check requires the principal that creates the key to be allowed kms:PutKeyPolicy by
 * this policy: run the bootstrap as a deploy principal or the break-glass principal.
 */
export function stateKeyPolicy(props: StateKeyPolicyProps): PolicyDocument {
  const account = { AWS: accountRootArn(props.accountId) };
  return policyDocument(
    {
      Sid: "AdministerTheKey",
      Effect: "Allow",
      Principal: account,
      Action: KEY_ADMINISTRATION_ACTIONS,
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": [...new Set(props.administratorArns)].sort() } },
    },
    {
      Sid: "EncryptAndDecryptState",
      Effect: "Allow",
      Principal: account,
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": [...new Set(props.userArns)].sort() } },
    },
  );
}
