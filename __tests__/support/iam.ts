import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../constructs/policy-document";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
  /** The calling role; also sent as `aws:PrincipalArn`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
}

export interface Policies {
  /** Policies attached to the calling principal. */
  readonly identity?: readonly PolicyDocument[];
  /** The resource's own policy (e.g. the repository policy). */
  readonly resource?: PolicyDocument;
}

function accountOf(arn: string, fallback: string): string {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? fallback;
}

function simulation(request: Request, policies: Policies, context: Record<string, string>): Simulation {
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: accountOf(request.resource, accountOf(request.principal, "")) },
      contextVariables: context,
    },
    identityPolicies: (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.resource,
  };
}

/**
 * IAM's decision for a request by an IAM principal (role, user, root user), by iam-simulate in strict mode,
 * with the keys AWS puts in every such request: `aws:PrincipalArn` and `aws:PrincipalIsAWSService` false.
 * Fails the test when the simulator rejects the input or drops a context key, so a silently ignored
 * condition can never pass a test.
 */
export async function decide(request: Request, policies: Policies, context: Record<string, string> = {}): Promise<Decision> {
  return strictDecision(request, policies, { "aws:PrincipalArn": request.principal, "aws:PrincipalIsAWSService": "false", ...context });
}

/**
 * IAM's decision for a request an AWS service makes with its own service principal (`request.principal`,
 * e.g. `lambda.amazonaws.com`): `aws:PrincipalIsAWSService` is true and there is no `aws:PrincipalArn`
 * (IAM User Guide, "AWS global condition context keys").
 */
export async function decideAsService(request: Request, policies: Policies, context: Record<string, string> = {}): Promise<Decision> {
  return strictDecision(request, policies, { "aws:PrincipalIsAWSService": "true", ...context });
}

async function strictDecision(request: Request, policies: Policies, context: Record<string, string>): Promise<Decision> {
  const response = await runSimulation(simulation(request, policies, context), { simulationMode: "Strict" });
  if (response.resultType === "error") throw new Error(`iam-simulate rejected the simulation: ${JSON.stringify(response.errors)}`);
  const results = response.resultType === "single" ? [response.result] : response.results;
  const ignored = results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`iam-simulate ignored context keys ${ignored.join(", ")}`);
  return response.overallResult;
}

/**
 * IAM's names for a GitHub Actions token's claims: `<issuer host>:sub` and `:aud` (IAM User Guide, "Available
 * keys for AWS OIDC federation"). Written out here, not imported from trust-policy.ts: a wrong key there must
 * make the trust tests fail, not move with them.
 */
const SUB_KEY = "token.actions.githubusercontent.com:sub";
const AUD_KEY = "token.actions.githubusercontent.com:aud";

/** The claims of a GitHub Actions OIDC token that the trust policy can see; absent claims are left out. */
export interface GithubClaims {
  readonly sub?: string;
  readonly aud?: string;
}

/**
 * Whether a GitHub token with these claims may assume the role, as IAM decides it.
 *
 * iam-simulate's `runSimulation` drops context keys its action data does not list for the
 * action, and `token.actions.githubusercontent.com:sub/aud` are not listed for
 * `sts:AssumeRoleWithWebIdentity`: in Strict mode they are ignored (always denied), in Discovery
 * mode any subject is "allowed". So we (1) validate the policy and request with `runSimulation`,
 * then (2) decide with `runUnsafeSimulation`, the same strict engine without the key filter.
 * The policy goes in pre-validated form because 0.1.173 dereferences the resource policy's
 * name, which only that form carries. `iam.test.ts` holds the negative controls.
 */
export async function decideAssumeRole(trustPolicy: PolicyDocument, roleArn: string, providerArn: string, claims: GithubClaims): Promise<Decision> {
  const context: Record<string, string> = {
    ...(claims.sub !== undefined && { [SUB_KEY]: claims.sub }),
    ...(claims.aud !== undefined && { [AUD_KEY]: claims.aud }),
  };
  const request: Request = { principal: providerArn, action: "sts:AssumeRoleWithWebIdentity", resource: roleArn };
  const validation = await runSimulation(simulation(request, { resource: trustPolicy }, context), { simulationMode: "Strict" });
  if (validation.resultType === "error") throw new Error(`iam-simulate rejected the trust policy: ${JSON.stringify(validation.errors)}`);

  const prevalidated = { __validated: true, policyDocument: trustPolicy, metadata: { name: "trust-policy" }, errors: [] };
  return runUnsafeSimulation({ ...simulation(request, {}, context), resourcePolicy: prevalidated }, { simulationMode: "Strict" });
}

/** An identity policy that allows every action of one service on everything, e.g. `everything("s3")`. */
export function everything(service: string): PolicyDocument {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: `${service}:*`, Resource: "*" }] };
}
