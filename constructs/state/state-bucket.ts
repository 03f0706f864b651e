import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { PolicyDocument } from "../policy-document";
import { stateBucketPolicy } from "./state-policies";

export interface StateBucketProps {
  /** The bucket the environment's S3 backend names. */
  readonly bucketName: string;
  /**
   * Encrypt state with this KMS key (ARN or Terraform reference) instead of S3-managed keys (SSE-S3).
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /** Days a replaced or deleted state version stays restorable before S3 deletes it. */
  readonly noncurrentVersionExpirationDays: number;
  /** The only principals that may read, write or delete state, or change the bucket (see `guardAdministratorArns`). */
  readonly administratorArns: readonly string[];
}

/**
 * A Terraform state bucket: versioned (every state write can be rolled back), encrypted, never public,
 * TLS only, sealed to its administrators (`stateBucketPolicy`), and never destroyed by Terraform.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy as IAM evaluates it; the bucket's ARN is a Terraform reference. */
  readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault:
            props.kmsKeyArn === undefined ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          // An S3 Bucket Key cuts KMS requests (and their cost) per object write.
          bucketKeyEnabled: props.kmsKeyArn !== undefined,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
          // Lock files (use_lockfile) leave a delete marker per run; remove markers with no versions left.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    this.policy = stateBucketPolicy({ bucketArn: this.bucket.arn, administratorArns: props.administratorArns });
    new S3BucketPolicy(this, "policy", {
      bucket,
      policy: JSON.stringify(this.policy),
      // S3 rejects a bucket policy while the public access block is still being created.
      dependsOn: [publicAccessBlock],
    });
  }
}
