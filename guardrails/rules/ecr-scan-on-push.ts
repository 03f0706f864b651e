import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { compliant, violation, type Rule } from "../rule";
import { blocksOf, isTrue, terraformAttributes } from "../terraform-attributes";

/** CKV_AWS_163 / AVD-AWS-0030: CRITICAL findings are only reported (and alerted on) for scanned images. */
export const ecrScanOnPush: Rule<EcrRepository> = {
  id: "DAR-ECR-1",
  level: "error",
  explanation: "Images that are not scanned on push produce no findings, so the critical-findings alert never fires for them.",
  fix: "set image_scanning_configuration.scan_on_push = true on the repository (RegistryRepository always does)",
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) => {
    const attributes = terraformAttributes(repo);
    const scanning = blocksOf(attributes.image_scanning_configuration);
    return scanning.length > 0 && scanning.every((block) => isTrue(block.scan_on_push))
      ? compliant()
      : violation(`repository "${attributes.name}" does not scan images on push`);
  },
};
