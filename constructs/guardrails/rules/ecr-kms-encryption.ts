import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { compliant, violation, type Rule } from "../rule";
import { synthesized } from "../policy-json";

/** CKV_AWS_136 / AVD-AWS-0033. A warning: AES256 is encrypted at rest too, KMS adds key policy control and CloudTrail records of use. */
export const ecrKmsEncryption: Rule<EcrRepository> = {
  id: "DAR-ECR-5",
  level: "warning",
  explanation: "AES256 uses an AWS-owned key: nobody can revoke access to the images by key policy or audit decryption in CloudTrail.",
  fix: 'set "encryption": { "type": "KMS", "kmsKeyArn": "<customer managed key ARN>" } for the repository (only at creation: ECR cannot change it later)',
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) => {
    const configuration = synthesized(repo, repo.encryptionConfigurationInput);
    const type = Array.isArray(configuration) ? configuration[0]?.encryptionType : undefined;
    return type === "KMS" || type === "KMS_DSSE"
      ? compliant()
      : violation(`repository "${repo.nameInput}" is encrypted with ${type ?? "AES256 (the default)"}, not a KMS key`);
  },
};
