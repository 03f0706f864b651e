import type { PolicyDocument } from "../../constructs/policy-document";
import { App, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../config/schema";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment } from "./config";

export type TerraformJson = Record<string, any>;

/** Synthesize one environment's stack (example fixture unless given) and parse its Terraform JSON. */
export function synthStack(env: string | EnvironmentConfig): TerraformJson {
  const config = typeof env === "string" ? environment(env) : env;
  const stack = new RegistryStack(Testing.app() as App, config);
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of a Terraform type, as `[logicalId, attributes]` pairs. */
export function resourcesOf(tf: TerraformJson, type: string): [string, TerraformJson][] {
  return Object.entries(tf.resource?.[type] ?? {});
}

/** The single resource of a type; fails when there is not exactly one. */
export function onlyResource(tf: TerraformJson, type: string): TerraformJson {
  const found = resourcesOf(tf, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0][1];
}

/** The single resource of a type created under the top-level construct `id` (e.g. `github-deploy-role`). */
export function resourceUnder(tf: TerraformJson, type: string, id: string): TerraformJson {
  // Logical ids start with the construct path below the stack, joined by "_".
  const found = resourcesOf(tf, type).filter(([logicalId]) => logicalId.startsWith(`${id}_`));
  if (found.length !== 1) throw new Error(`expected one ${type} under ${id}, found ${found.length}`);
  return found[0][1];
}

/**
 * A policy JSON of the stack as IAM will see it: each `${<type>.<id>.arn}` reference to a resource of the given
 * types replaced by the ARN it will have (e.g. `{ aws_s3_bucket: "arn:aws:s3:::state" }`).
 */
export function policyWithArns(tf: TerraformJson, json: string, arns: Record<string, string>): PolicyDocument {
  let text = json;
  for (const [type, arn] of Object.entries(arns)) {
    for (const [id] of resourcesOf(tf, type)) text = text.split(`\${${type}.${id}.arn}`).join(arn);
  }
  return JSON.parse(text);
}
