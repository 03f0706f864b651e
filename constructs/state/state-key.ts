import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { PolicyDocument } from "../policy-document";
import { stateKeyPolicy } from "./state-policies";

/** The longest pending window KMS allows before deleting a key (ScheduleKeyDeletion: 7-30 days). */
const DELETION_WINDOW_DAYS = 30;

export interface StateKeyProps {
  /** The account that owns the key. */
  readonly accountId: string;
  /** `alias/...`, the name the registry stack's S3 backend uses as `kms_key_id` (see `stateKeyAliasName`). */
  readonly aliasName: string;
  /** Who may manage the key and its policy (deploy principals, break-glass principal, root user). */
  readonly administratorArns: readonly string[];
  /** Who may encrypt and decrypt state with it (deploy principals, break-glass principal). */
  readonly userArns: readonly string[];
}

/** A customer-managed KMS key for Terraform state, usable only by the principals its policy names, rotated yearly, never destroyed by Terraform. */
export class StateKey extends Construct {
  readonly key: KmsKey;
  /** The key policy as IAM evaluates it. */
  readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: StateKeyProps) {
    super(scope, id);
    this.policy = stateKeyPolicy(props);
    this.key = new KmsKey(this, "key", {
      description: `Terraform state (${props.aliasName})`,
      enableKeyRotation: true,
      deletionWindowInDays: DELETION_WINDOW_DAYS,
      policy: JSON.stringify(this.policy),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "alias", { name: props.aliasName, targetKeyId: this.key.keyId });
  }
}
