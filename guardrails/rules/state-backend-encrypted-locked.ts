import { CloudBackend, RemoteBackend, S3Backend, TerraformBackend, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { compliant, violation, type Rule } from "../rule";
import { isTrue, terraformAttributes } from "../terraform-attributes";

function s3Problems(backend: S3Backend): string[] {
  const attributes = terraformAttributes(backend);
  const problems: string[] = [];
  if (!isTrue(attributes.encrypt)) problems.push("the S3 backend does not set encrypt = true: state (with resource attributes) is stored unencrypted");
  if (!isTrue(attributes.use_lockfile)) problems.push("the S3 backend does not set use_lockfile = true: two concurrent applies can corrupt the state");
  return problems;
}

/** No checkov/trivy equivalent (they scan resources, not the backend block). */
export const stateBackendEncryptedLocked: Rule<TerraformStack> = {
  id: "DAR-TF-1",
  level: "error",
  explanation: "Terraform state holds every resource attribute and is the lock that serializes applies; unencrypted or unlocked state leaks data and lets concurrent deploys corrupt it.",
  fix: 'use "stateBackend": { "type": "s3", ... } (encrypted, S3 lock file) or { "type": "hcp", ... } in config/environments.json',
  appliesTo: (node: IConstruct): node is TerraformStack => TerraformStack.isStack(node),
  check: (stack) => {
    const backends = stack.node.children.filter((child): child is TerraformBackend => child instanceof TerraformBackend);
    if (backends.length === 0) return violation("the stack has no backend, so cdktf falls back to a local, unlocked terraform.tfstate");
    const problems = backends.flatMap((backend) => {
      if (backend instanceof CloudBackend || backend instanceof RemoteBackend) return [];
      if (backend instanceof S3Backend) return s3Problems(backend);
      return [`backend ${backend.constructor.name} is not one this product supports (S3 or HCP Terraform)`];
    });
    return problems.length === 0 ? compliant() : violation(...problems);
  },
};
