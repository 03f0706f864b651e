import { TerraformBackend, TerraformProvider, TerraformResource, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { synthesized } from "./policy-json";

/** A block's attributes as written to the Terraform JSON: snake_case keys, loose values. */
export type Attributes = Readonly<Record<string, unknown>>;

interface TerraformJson {
  readonly resource?: Record<string, Record<string, Attributes>>;
  readonly provider?: Record<string, Attributes[]>;
  readonly terraform?: { readonly backend?: Record<string, Attributes> };
}

type Element = TerraformResource | TerraformProvider | TerraformBackend;

/**
 * Resolved once per element: rules that look across a stack (e.g. every lifecycle policy, for each
 * repository) would otherwise resolve the same tokens again and again (quadratic in repositories).
 * Guardrails run once the tree is complete, right before synth, so the attributes no longer change.
 */
const resolved = new WeakMap<Element, Attributes>();

/**
 * The attributes Terraform will receive for a resource, provider or backend: the typed config with every
 * escape-hatch override (`addOverride`) merged, as cdktf writes it. Rules judge this, never the construct's
 * `*Input` getters, so an override cannot slip a setting past them.
 */
export function terraformAttributes(element: Element): Attributes {
  let attributes = resolved.get(element);
  if (attributes === undefined) {
    attributes = attributesOf(element);
    resolved.set(element, attributes);
  }
  return attributes;
}

function attributesOf(element: Element): Attributes {
  const json = synthesized(element, element.toTerraform() as TerraformJson);
  if (element instanceof TerraformResource) return json.resource?.[element.terraformResourceType]?.[element.friendlyUniqueId] ?? {};
  if (element instanceof TerraformProvider) return json.provider?.[element.terraformResourceType]?.[0] ?? {};
  return Object.values(json.terraform?.backend ?? {})[0] ?? {};
}

const nodes = new WeakMap<TerraformStack, readonly IConstruct[]>();

/**
 * Every construct of the stack, listed once: rules that look across the stack for each resource would
 * otherwise walk the whole tree per resource (quadratic in repositories). The tree is complete by then.
 */
export function stackNodes(stack: TerraformStack): readonly IConstruct[] {
  let all = nodes.get(stack);
  if (all === undefined) {
    all = stack.node.findAll();
    nodes.set(stack, all);
  }
  return all;
}

/** A nested block: Terraform's JSON syntax accepts one object or a list of them (cdktf writes either). */
export function blocksOf(value: unknown): Attributes[] {
  const blocks = Array.isArray(value) ? value : [value];
  return blocks.filter((block): block is Attributes => typeof block === "object" && block !== null);
}

/** A bool attribute as Terraform converts it: `true` or the string `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** A string attribute, or `undefined` when it is absent or not a string. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
