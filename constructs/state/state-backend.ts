import { CloudBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import type { StateBackendConfig } from "../../config/schema";

/** S3 state key of one environment: distinct per environment so stacks never share state. */
export function stateKey(keyPrefix: string, environment: string): string {
  return `${keyPrefix}/${environment}/terraform.tfstate`;
}

/**
 * Keep the stack's state remotely: S3 (encrypted, S3-native lock file, no DynamoDB table)
 * or one HCP Terraform workspace per stack.
 */
export function useStateBackend(stack: TerraformStack, environment: string, config: StateBackendConfig): void {
  if (config.type === "hcp") {
    new CloudBackend(stack, {
      organization: config.organization,
      workspaces: new NamedCloudWorkspace(config.workspace),
    });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: config.bucket,
    key: stateKey(config.keyPrefix, environment),
    region: config.region,
    encrypt: true,
    ...(config.kmsKeyArn !== undefined && { kmsKeyId: config.kmsKeyArn }),
  });
  // cdktf 0.21 has no typed field for Terraform >= 1.10's S3-native locking.
  backend.addOverride("use_lockfile", true);
}
