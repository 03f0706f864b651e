import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { compliant, violation, type Rule } from "../rule";
import { synthesized } from "../policy-json";

/** CKV_AWS_163 / AVD-AWS-0030: CRITICAL findings are only reported (and alerted on) for scanned images. */
export const ecrScanOnPush: Rule<EcrRepository> = {
  id: "DAR-ECR-1",
  level: "error",
  explanation: "Images that are not scanned on push produce no findings, so the critical-findings alert never fires for them.",
  fix: "set image_scanning_configuration.scan_on_push = true on the repository (RegistryRepository always does)",
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) =>
    synthesized(repo, repo.imageScanningConfigurationInput)?.scanOnPush === true
      ? compliant()
      : violation(`repository "${repo.nameInput}" does not scan images on push`),
};
