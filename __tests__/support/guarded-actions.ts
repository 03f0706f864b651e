/**
 * What each guard must deny to everyone but its administrators, written here once (not imported from the code under
 * test) for the builder suites and the stack suites that evaluate the same guard. Action names: AWS's Service
 * Authorization Reference (Amazon S3, Amazon SQS).
 */

/** Changes to the state bucket itself: its policy, versioning, lifecycle, encryption, replication, access, the bucket. */
export const STATE_BUCKET_CHANGES = [
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
];

/** Reading, draining, redirecting or deleting the alert path's dead-letter queue. */
export const DEAD_LETTER_QUEUE_CHANGES = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:PurgeQueue",
  "sqs:StartMessageMoveTask",
  "sqs:CancelMessageMoveTask",
  "sqs:SetQueueAttributes",
  "sqs:AddPermission",
  "sqs:RemovePermission",
  "sqs:DeleteQueue",
];
