/**
 * The documented size limits of what the stacks send to AWS and Datadog, in one place: config validation,
 * the DAR-LIMIT-1 guardrail, the tests and the benchmark all read these figures. Each names the page or API
 * field that states it (looked up 2026-11-24). Adjustable quotas are checked at their default: an account
 * whose quota was raised can suppress DAR-LIMIT-1 with that reason, never the config checks.
 */
export interface ServiceLimit {
  /** What is limited, as messages name it. */
  readonly what: string;
  readonly max: number;
  /** What is counted. */
  readonly unit: "characters" | "characters, whitespace not counted" | "rules";
  /** The quota or API field that states it, and where. */
  readonly source: string;
}

export const LIMITS = {
  eventPattern: {
    what: "an EventBridge event pattern",
    max: 2048,
    unit: "characters",
    source: 'EventBridge quota "Event pattern size" (default; adjustable), EventBridge user guide, "Amazon EventBridge quotas"',
  },
  inputTemplate: {
    what: "an EventBridge input template",
    max: 8192,
    unit: "characters",
    source: "EventBridge API reference, InputTransformer.InputTemplate (maximum length 8192)",
  },
  roleTrustPolicy: {
    what: "an IAM role trust policy",
    max: 2048,
    unit: "characters",
    source: 'IAM quota "Role trust policy length" (default; adjustable to 4,096), IAM user guide, "IAM and AWS STS quotas"',
  },
  roleInlinePolicies: {
    what: "the inline policies of an IAM role together",
    max: 10240,
    unit: "characters, whitespace not counted",
    source: 'IAM user guide, "IAM and AWS STS quotas": role policy size (the sum of its inline policies); IAM does not count white space',
  },
  managedPolicy: {
    what: "an IAM managed policy",
    max: 6144,
    unit: "characters, whitespace not counted",
    source: 'IAM user guide, "IAM and AWS STS quotas": managed policy size; IAM does not count white space',
  },
  repositoryPolicy: {
    what: "an ECR repository policy",
    max: 10240,
    unit: "characters",
    source: "ECR API reference, SetRepositoryPolicy.policyText (maximum length 10240)",
  },
  lifecyclePolicy: {
    what: "an ECR lifecycle policy",
    max: 30720,
    unit: "characters",
    source: 'ECR quota "Lifecycle policy length" (not adjustable); PutLifecyclePolicy.lifecyclePolicyText',
  },
  lifecycleRules: {
    what: "an ECR lifecycle policy",
    max: 50,
    unit: "rules",
    source: 'ECR quota "Rules per lifecycle policy" (not adjustable), ECR user guide, "Amazon ECR service quotas"',
  },
  monitorMessage: {
    what: "a Datadog monitor message",
    max: 4000,
    unit: "characters",
    source:
      "Datadog documents no maximum for a monitor's message; a notification is an event, and Datadog's Events API limits an event's text to 4,000 characters (only the first 4,000 are shown)",
  },
} as const satisfies Record<string, ServiceLimit>;

/**
 * The largest integer ECR takes for `countNumber` and `rulePriority`: the lifecycle policy parameters are of type
 * "integer" (ECR user guide, "Lifecycle policy properties"), which AWS's API models define as a 32-bit signed
 * integer (Smithy specification, "Simple types": integer, -2^31 to 2^31-1).
 */
export const ECR_LIFECYCLE_INTEGER_MAX = 2 ** 31 - 1;

/**
 * Datadog's default quota of log monitors per organization ("There is a default limit of 1000 Log monitors per
 * account", Datadog docs, "Log Monitor"): why the stacks define monitors per environment, not per repository.
 */
export const DATADOG_LOG_MONITORS_PER_ACCOUNT = 1000;

/** A size as the limit counts it: IAM does not count white space in inline and managed policies. */
export function sizeOf(limit: ServiceLimit, text: string): number {
  return limit.unit === "characters, whitespace not counted" ? text.replace(/\s/g, "").length : text.length;
}

/** `<what> of <size> <unit>; <service> allows <max> (<source>)`, or `undefined` within the limit. */
export function overLimit(limit: ServiceLimit, size: number): string | undefined {
  if (size <= limit.max) return undefined;
  return `${limit.what} of ${size.toLocaleString("en-US")} ${limit.unit} is over the limit of ${limit.max.toLocaleString("en-US")} (${limit.source})`;
}
