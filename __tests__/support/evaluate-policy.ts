import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../constructs/policy-document";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
  /** ARN of the calling principal, e.g. a role. */
  readonly principal: string;
  readonly action: string;
  /** ARN of the resource acted on, or `*` for actions without a resource type. */
  readonly resource: string;
  /** Identity policies attached to the principal. @default [] */
  readonly identityPolicies?: readonly PolicyDocument[];
  /** The resource's own policy (repository policy, queue policy...). @default none */
  readonly resourcePolicy?: PolicyDocument;
  readonly context?: Record<string, string | string[]>;
}

const accountOf = (arn: string) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

/** IAM's decision for one request, computed by @cloud-copilot/iam-simulate in strict mode. */
export async function decide(request: Request): Promise<Decision> {
  const resourceAccount = accountOf(request.resource) ?? accountOf(request.principal) ?? "";
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: resourceAccount },
        // IAM always sets these for a signed request; iam-simulate does not derive them itself.
        contextVariables: {
          "aws:PrincipalArn": request.principal,
          "aws:PrincipalAccount": accountOf(request.principal) ?? "",
          ...request.context,
        },
      },
      identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy && { resourcePolicy: request.resourcePolicy }),
    },
    {},
  );
  if (response.resultType === "error") throw new Error(`iam-simulate rejected the request: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}
