import { EcrAccountSetting } from "@cdktf/provider-aws/lib/ecr-account-setting";
import { EcrRegistryScanningConfiguration, type EcrRegistryScanningConfigurationRule } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { Construct } from "constructs";

export type ScanEngine = "basic" | "enhanced";

export interface RegistryScanningProps {
  /** Basic scanning (ECR, on push) or enhanced scanning (Amazon Inspector, continuous rescans). */
  readonly engine: ScanEngine;
  /** The environment's repositories: the scanning rule's filters. */
  readonly repositories: readonly string[];
  /**
   * Manage the registry's scanning configuration (one per registry: opt in only where this stack owns it).
   * @default false
   */
  readonly manageRegistryScanningConfiguration?: boolean;
  /**
   * Manage the account's basic-scan engine (`BASIC_SCAN_TYPE_VERSION`), one per account and region.
   * @default false
   */
  readonly manageBasicScanEngine?: boolean;
}

/**
 * The registry's scanning rule for these repositories. A filter without a wildcard matches every repository
 * whose name contains it (ECR user guide, "Filter wildcards"): an exact filter does not exist, so other
 * repositories containing a name are scanned too, which only adds scans. Repositories no filter matches are
 * not scanned on push (basic) or at all (enhanced; same page), which is why managing this is opt-in.
 */
export function scanningRule(engine: ScanEngine, repositories: readonly string[]): EcrRegistryScanningConfigurationRule {
  return {
    // ECR API RegistryScanningRule: ENHANCED supports CONTINUOUS_SCAN and SCAN_ON_PUSH; BASIC supports SCAN_ON_PUSH.
    scanFrequency: engine === "enhanced" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
    repositoryFilter: repositories.map((name) => ({ filter: name, filterType: "WILDCARD" })),
  };
}

/**
 * The registry-wide scanning settings, when this environment owns them: the scanning configuration (scan type
 * and a rule for this environment's repositories) and the basic-scan engine, pinned to AWS_NATIVE (ECR user
 * guide, Document history, 2 February 2026: Clair-based scanning ended, accounts migrated). When not managed, an organisation-wide Inspector rollout or a console change can switch them
 * silently: docs/alerting.md says how to check.
 */
export class RegistryScanning extends Construct {
  readonly configuration: EcrRegistryScanningConfiguration | undefined;
  readonly basicScanEngine: EcrAccountSetting | undefined;

  constructor(scope: Construct, id: string, props: RegistryScanningProps) {
    super(scope, id);
    this.configuration = props.manageRegistryScanningConfiguration
      ? new EcrRegistryScanningConfiguration(this, "configuration", {
          scanType: props.engine === "enhanced" ? "ENHANCED" : "BASIC",
          rule: [scanningRule(props.engine, props.repositories)],
        })
      : undefined;
    // aws_ecr_account_setting accepts BASIC_SCAN_TYPE_VERSION with AWS_NATIVE or CLAIR (provider
    // internal/service/ecr/account_setting.go); its delete is a no-op, so removing it leaves the setting as is.
    this.basicScanEngine = props.manageBasicScanEngine
      ? new EcrAccountSetting(this, "basic-scan-engine", { name: "BASIC_SCAN_TYPE_VERSION", value: "AWS_NATIVE" })
      : undefined;
  }
}
