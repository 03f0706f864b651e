import type { Rule } from "./rule";
import { awsProviderAllowedAccounts } from "./rules/aws-provider-allowed-accounts";
import { datadogCriticalFindingsMonitor } from "./rules/datadog-critical-findings-monitor";
import { ecrImmutableTags } from "./rules/ecr-immutable-tags";
import { ecrKmsEncryption } from "./rules/ecr-kms-encryption";
import { ecrLifecycleExpiresUntagged } from "./rules/ecr-lifecycle-expires-untagged";
import { ecrPolicyNotPublic } from "./rules/ecr-policy-not-public";
import { ecrScanOnPush } from "./rules/ecr-scan-on-push";
import { iamNoWildcards } from "./rules/iam-no-wildcards";
import { iamOidcTrustPinned } from "./rules/iam-oidc-trust-pinned";
import { serviceLimits } from "./rules/service-limits";
import { stateBackendEncryptedLocked } from "./rules/state-backend-encrypted-locked";

/** The rule pack applied to every stack; docs/guardrails.md describes each rule. */
export const GUARDRAIL_RULES: readonly Rule[] = [
  ecrScanOnPush,
  ecrImmutableTags,
  ecrLifecycleExpiresUntagged,
  ecrPolicyNotPublic,
  ecrKmsEncryption,
  iamOidcTrustPinned,
  iamNoWildcards,
  datadogCriticalFindingsMonitor,
  stateBackendEncryptedLocked,
  awsProviderAllowedAccounts,
  serviceLimits,
] as readonly Rule[];

export const GUARDRAIL_RULE_IDS: readonly string[] = GUARDRAIL_RULES.map((rule) => rule.id);
