import { ApiKey } from "@cdktf/provider-datadog/lib/api-key";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";

export type DatadogIntakeKeyProps =
  /** Terraform creates a dedicated key (revocable on its own); it is kept in the Terraform state. */
  | { readonly source: "create"; readonly name: string }
  /** An existing key from a sensitive Terraform variable, e.g. `TF_VAR_datadog_api_key`. */
  | { readonly source: "variable"; readonly variableName: string };

/** The Datadog API key that EventBridge sends logs with. Never a literal in code or config. */
export class DatadogIntakeKey extends Construct {
  /** The key, as a Terraform reference (sensitive). */
  readonly value: string;
  /** The created key, when `source` is `create`. */
  readonly apiKey: ApiKey | undefined;

  constructor(scope: Construct, id: string, props: DatadogIntakeKeyProps) {
    super(scope, id);
    if (props.source === "create") {
      this.apiKey = new ApiKey(this, "api-key", { name: props.name });
      this.value = this.apiKey.key;
      return;
    }
    this.apiKey = undefined;
    const variable = new TerraformVariable(this, "api-key", {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `Datadog API key that EventBridge sends ECR scan results with (set TF_VAR_${props.variableName})`,
    });
    variable.overrideLogicalId(props.variableName);
    this.value = variable.stringValue;
  }
}
