import { policyDocument } from "../../../constructs/policy-document";
import { PULL_ACTIONS, repositoryPolicy } from "../../../constructs/registry/repository-policy";
import { decide } from "../../support/iam";

const ACCOUNT = "222222222222";
const REPOSITORY = `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/demo-api`;
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-api-ecs-task-execution`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/some-other-service`;
/** What a broad same-account identity policy looks like (e.g. AmazonEC2ContainerRegistryReadOnly). */
const READS_ANY_REPOSITORY = policyDocument({ Effect: "Allow", Action: "ecr:*", Resource: "*" });

describe("repository policy", () => {
  it("is not created when nobody is granted pull", () => {
    expect(repositoryPolicy({ pullPrincipalArns: [] })).toBeUndefined();
  });

  it("never grants ecr:GetAuthorizationToken, which belongs in identity policies", () => {
    const policy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE], exclusivePull: true });
    const actions = policy!.Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain("ecr:GetAuthorizationToken");
  });

  describe.each(PULL_ACTIONS)("%s", (action) => {
    it("is allowed to a listed principal that has no identity policy", async () => {
      // GIVEN a policy that grants pull to the execution role
      const resourcePolicy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE] });
      // WHEN the execution role pulls
      const decision = await decide({ principal: EXECUTION_ROLE, action, resource: REPOSITORY }, { resource: resourcePolicy });
      // THEN the repository policy alone lets it through
      expect(decision).toBe("Allowed");
    });

    it("is still allowed to other same-account principals with broad identity policies when pull is not exclusive", async () => {
      const resourcePolicy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE], exclusivePull: false });
      const decision = await decide({
        principal: OTHER_ROLE, action, resource: REPOSITORY }, { resource: resourcePolicy, identity: [READS_ANY_REPOSITORY] });
      expect(decision).toBe("Allowed");
    });

    it("is denied to every other principal, even one with broad identity policies, when pull is exclusive", async () => {
      const resourcePolicy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE], exclusivePull: true });
      const decision = await decide({
        principal: OTHER_ROLE, action, resource: REPOSITORY }, { resource: resourcePolicy, identity: [READS_ANY_REPOSITORY] });
      expect(decision).toBe("ExplicitlyDenied");
    });

    it("is still allowed to a listed principal when pull is exclusive", async () => {
      const resourcePolicy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE], exclusivePull: true });
      const decision = await decide({ principal: EXECUTION_ROLE, action, resource: REPOSITORY }, { resource: resourcePolicy });
      expect(decision).toBe("Allowed");
    });
  });

  it("does not let a listed principal push", async () => {
    const resourcePolicy = repositoryPolicy({ pullPrincipalArns: [EXECUTION_ROLE], exclusivePull: true });
    const decision = await decide({ principal: EXECUTION_ROLE, action: "ecr:PutImage", resource: REPOSITORY }, { resource: resourcePolicy });
    expect(decision).toBe("ImplicitlyDenied");
  });
});
