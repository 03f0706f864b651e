import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../constructs/policy-document";
import { decideAssumeRole } from "./iam";

// Negative controls for decideAssumeRole: it must follow AWS's documented condition semantics
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
// or the trust policy tests built on it prove nothing.

const HOST = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::111111111111:oidc-provider/${HOST}`;
const ROLE = "arn:aws:iam::111111111111:role/probe";

function trust(condition: Record<string, Record<string, string | string[]>>): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }],
  };
}

const exact = trust({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: ["repo:o/r:ref:refs/heads/a", "repo:o/r:ref:refs/heads/b"] } });
const like = trust({ StringLike: { [`${HOST}:sub`]: "repo:o/r:ref:refs/tags/v?.*" } });
const good = { aud: "sts.amazonaws.com", sub: "repo:o/r:ref:refs/heads/a" };

describe("runSimulation alone cannot evaluate GitHub claims (why decideAssumeRole exists)", () => {
  const simulation = (sub: string): Simulation => ({
    request: {
      principal: PROVIDER,
      action: "sts:AssumeRoleWithWebIdentity",
      resource: { resource: ROLE, accountId: "111111111111" },
      contextVariables: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: sub },
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: exact,
  });

  it("drops the claims in Strict mode, so even the intended subject is denied", async () => {
    const response = await runSimulation(simulation(good.sub), { simulationMode: "Strict" });
    if (response.resultType !== "single") throw new Error(`unexpected ${response.resultType} result`);
    expect(response.result.ignoredContextKeys).toEqual([`${HOST}:aud`, `${HOST}:sub`]);
    expect(response.overallResult).toBe("ImplicitlyDenied");
  });

  it("allows a foreign subject in Discovery mode, so Discovery cannot prove a denial", async () => {
    const response = await runSimulation(simulation("repo:evil/r:ref:refs/heads/a"), { simulationMode: "Discovery" });
    expect(response.resultType !== "error" && response.overallResult).toBe("Allowed");
  });
});

describe("decideAssumeRole", () => {
  it("allows a token whose claims match every condition", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, good)).toBe("Allowed");
  });

  it("treats the values of one key as alternatives (OR)", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, { ...good, sub: "repo:o/r:ref:refs/heads/b" })).toBe("Allowed");
  });

  it("denies a subject that matches no value", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, { ...good, sub: "repo:o/r:ref:refs/heads/c" })).toBe("ImplicitlyDenied");
  });

  it("requires every key of the block (AND): a wrong audience is denied", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, { ...good, aud: "https://github.com/o" })).toBe("ImplicitlyDenied");
  });

  it("denies when a conditioned claim is missing", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, { sub: good.sub })).toBe("ImplicitlyDenied");
  });

  it("compares StringEquals case-sensitively", async () => {
    expect(await decideAssumeRole(exact, ROLE, PROVIDER, { ...good, sub: "repo:O/r:ref:refs/heads/a" })).toBe("ImplicitlyDenied");
  });

  it("denies a token from another identity provider", async () => {
    const other = "arn:aws:iam::111111111111:oidc-provider/gitlab.com";
    expect(await decideAssumeRole(exact, ROLE, other, good)).toBe("ImplicitlyDenied");
  });

  it.each([
    ["v1.2.3", "Allowed"],
    ["v1.", "Allowed"], // `*` also matches nothing
    ["v1.2.3-rc1/x", "Allowed"], // `*` crosses "-" and "/"
    ["v12.3", "ImplicitlyDenied"], // `?` is exactly one character
    ["x1.2.3", "ImplicitlyDenied"],
  ])("StringLike v?.* on tag %s: %s", async (tag, decision) => {
    expect(await decideAssumeRole(like, ROLE, PROVIDER, { sub: `repo:o/r:ref:refs/tags/${tag}` })).toBe(decision);
  });
});
