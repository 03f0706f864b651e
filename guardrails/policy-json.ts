import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A construct attribute as Terraform will receive it: references become `${aws_x.y.attr}` expressions. */
export function synthesized<T>(node: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope: node, preparing: false, resolver: RESOLVER }) as T;
}

/** One IAM policy statement as parsed from JSON; fields are loose because the JSON may come from anywhere. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The statements of a policy document given as JSON, or `undefined` when it is not one (e.g. unknown until apply). */
export function statementsOf(json: string | undefined): Statement[] | undefined {
  if (json === undefined) return undefined;
  try {
    const statement = (JSON.parse(json) as { Statement?: unknown }).Statement;
    if (Array.isArray(statement)) return statement as Statement[];
    return typeof statement === "object" && statement !== null ? [statement as Statement] : undefined;
  } catch {
    return undefined;
  }
}

/** IAM's "string or list of strings" as a list; anything else as empty. */
export function listOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** How a statement is named in a report: its Sid, else its position. */
export function statementName(statement: Statement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement ${index}`;
}

export const NOT_KNOWN_AT_SYNTH =
  "its policy is not a JSON document known at synth time, so it cannot be checked; render it with constructs/policy-document.ts";
