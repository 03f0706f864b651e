import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import type { IConstruct } from "constructs";

/**
 * An accepted finding, from config: one rule, why, and optionally where. A suppression says the rule does not
 * apply there (any level); an acknowledgement records a deliberate design choice a rule warns about (warnings only).
 */
export interface Suppression {
  readonly ruleId: string;
  /** Why the rule does not apply; printed with every synth. */
  readonly reason: string;
  /**
   * A construct path suffix (`repository-demo-api/repository-policy`) or a repository name (`demo-api`,
   * which covers the repository and its policies).
   * @default the whole environment
   */
  readonly resource?: string;
}

function repositoryNamed(node: IConstruct, name: string): boolean {
  const siblings = node.node.scope?.node.children ?? [];
  return [node, ...siblings].some((candidate) => candidate instanceof EcrRepository && candidate.nameInput === name);
}

/** An acknowledged design decision has the same shape: rule, reason, optional place. */
export type Acknowledgement = Suppression;

/** Whether an accepted finding (suppression or acknowledgement) covers rule `ruleId` on `node`. */
export function suppresses(suppression: Suppression, ruleId: string, node: IConstruct): boolean {
  if (suppression.ruleId !== ruleId) return false;
  const { resource } = suppression;
  if (resource === undefined) return true;
  const path = node.node.path;
  return path === resource || path.endsWith(`/${resource}`) || repositoryNamed(node, resource);
}
