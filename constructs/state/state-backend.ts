import { CloudBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../config/schema";

/**
 * `use_lockfile` (S3-native locking) is experimental in Terraform 1.10 and generally available from 1.11
 * (Terraform's CHANGELOG for v1.11.0); 1.9 and older fail `init` with "Unsupported argument".
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.11";

/** Every stack refuses Terraform versions older than `TERRAFORM_REQUIRED_VERSION` at `init`. */
export function requireTerraformVersion(stack: TerraformStack): void {
  // cdktf 0.21 has no typed field for `terraform.required_version`.
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}

/** S3 state key of one environment: distinct per environment so stacks never share state. */
export function stateKey(keyPrefix: string, environment: string): string {
  return `${keyPrefix}/${environment}/terraform.tfstate`;
}

/** Where the state bootstrap keeps its own state once it lives in the bucket; `_` never starts an environment name. */
export function bootstrapStateKey(keyPrefix: string, environment: string): string {
  return `${keyPrefix}/_bootstrap/${environment}/terraform.tfstate`;
}

/**
 * `alias/<service>-<env>-terraform-state`: the alias of the state key the bootstrap creates. KMS alias names
 * allow letters, digits, `/`, `_` and `-` (Terraform's S3 backend checks `alias/[a-zA-Z0-9/_-]+`), so the
 * service name's `.` becomes `-`.
 */
export function stateKeyAliasName(service: string, environment: string): string {
  return `alias/${`${service}-${environment}`.replace(/[^a-zA-Z0-9/_-]/g, "-")}-terraform-state`;
}

/** The customer-managed key the bootstrap must create: production without `stateBackend.kmsKeyArn`. */
export function stateKeyToCreate(env: EnvironmentConfig): { readonly aliasName: string } | undefined {
  if (env.stateBackend.type !== "s3" || env.stateBackend.kmsKeyArn !== undefined || !env.production) return undefined;
  return { aliasName: stateKeyAliasName(env.service, env.name) };
}

/**
 * The KMS key the S3 backend encrypts state with: the configured key, or the alias of the key the bootstrap
 * created, or none (S3-managed keys). The backend must name it: with `encrypt = true` and no `kms_key_id`,
 * Terraform sends `x-amz-server-side-encryption: AES256` with every write, which overrides the bucket's
 * default KMS encryption (hashicorp/terraform internal/backend/remote-state/s3/client.go). An alias ARN is
 * accepted (validate.go, `aliasIdFromARNResource`).
 */
export function stateKmsKeyId(env: EnvironmentConfig): string | undefined {
  if (env.stateBackend.type !== "s3") return undefined;
  const toCreate = stateKeyToCreate(env);
  if (toCreate) return `arn:aws:kms:${env.stateBackend.region}:${env.awsAccountId}:${toCreate.aliasName}`;
  return env.stateBackend.kmsKeyArn;
}

/**
 * Keep the stack's state remotely: S3 (encrypted, S3-native lock file, no DynamoDB table) or one HCP
 * Terraform workspace per stack; and require a Terraform that understands that backend.
 * @param key the S3 key when it is not the environment's `stateKey` (the bootstrap's own state)
 */
export function useStateBackend(stack: TerraformStack, env: EnvironmentConfig, key?: string): void {
  requireTerraformVersion(stack);
  const config = env.stateBackend;
  if (config.type === "hcp") {
    new CloudBackend(stack, {
      organization: config.organization,
      workspaces: new NamedCloudWorkspace(config.workspace),
    });
    return;
  }
  const kmsKeyId = stateKmsKeyId(env);
  const backend = new S3Backend(stack, {
    bucket: config.bucket,
    key: key ?? stateKey(config.keyPrefix, env.name),
    region: config.region,
    encrypt: true,
    ...(kmsKeyId !== undefined && { kmsKeyId }),
  });
  // cdktf 0.21 has no typed field for Terraform >= 1.10's S3-native locking.
  backend.addOverride("use_lockfile", true);
}
