import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { compliant, violation, type Rule } from "../rule";
import { blocksOf, stringOf, terraformAttributes } from "../terraform-attributes";

/** CKV_AWS_136 / AVD-AWS-0033. A warning: AES256 is encrypted at rest too, KMS adds key policy control and CloudTrail records of use. */
export const ecrKmsEncryption: Rule<EcrRepository> = {
  id: "DAR-ECR-5",
  level: "warning",
  explanation: "AES256 uses an AWS-owned key: nobody can revoke access to the images by key policy or audit decryption in CloudTrail.",
  fix: 'set "encryption": { "type": "KMS", "kmsKeyArn": "<customer managed key ARN>" } for the repository (only at creation: ECR cannot change it later)',
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) => {
    const attributes = terraformAttributes(repo);
    const type = stringOf(blocksOf(attributes.encryption_configuration)[0]?.encryption_type);
    return type === "KMS" || type === "KMS_DSSE"
      ? compliant()
      : violation(`repository "${attributes.name}" is encrypted with ${type ?? "AES256 (the default)"}, not a KMS key`);
  },
};
