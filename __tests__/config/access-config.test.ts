import { configErrorFor, environment } from "../support/config";

describe("deploy principals and the break-glass principal", () => {
  it("rejects an environment without deploy principals, saying what they are for", () => {
    expect(configErrorFor((c) => delete c.environments.prod.deployPrincipalArns)).toContain(
      "prod.deployPrincipalArns: expected the IAM roles or users that deploy this environment (the role the AWS provider assumes and whoever runs cdktf deploy), got nothing. Only they (and the break-glass principal) may read or write the Terraform state and change the guarded resources; list them, e.g. [\"arn:aws:iam::222222222222:role/terraform-deploy\"].",
    );
  });

  it("rejects an empty list of deploy principals", () => {
    expect(configErrorFor((c) => (c.environments.poc.deployPrincipalArns = []))).toContain("poc.deployPrincipalArns: expected the IAM roles or users that deploy this environment");
  });

  it("rejects a missing break-glass principal where a guard is on, naming the guards", () => {
    expect(configErrorFor((c) => delete c.environments.prod.breakGlassPrincipalArn)).toContain(
      'prod.breakGlassPrincipalArn: expected the IAM role (or user) that may still change the guarded resources when no deploy principal can, got nothing. Guards on here: the state bucket policy, the repository guard, the dead-letter queue guard. Name a role kept for emergencies, e.g. "arn:aws:iam::222222222222:role/break-glass" (see docs/security.md#break-glass).',
    );
  });

  it("needs no break-glass principal where no guard is on (HCP state, no repository guard, not production)", () => {
    const env = environment("poc", (c) => {
      delete c.environments.poc.breakGlassPrincipalArn;
      c.environments.poc.stateBackend = { type: "hcp", organization: "example-org", workspace: "demo-api-poc" };
    });
    expect(env.breakGlassPrincipalArn).toBeUndefined();
  });

  it("rejects an ARN that is neither a role nor a user", () => {
    expect(configErrorFor((c) => (c.environments.prod.breakGlassPrincipalArn = "arn:aws:sts::222222222222:assumed-role/break-glass/alice"))).toContain(
      'prod.breakGlassPrincipalArn: expected an IAM role or user ARN such as "arn:aws:iam::123456789012:role/terraform-deploy"',
    );
  });

  it("rejects a principal of another account: the guards exempt, they grant nothing across accounts", () => {
    expect(configErrorFor((c) => (c.environments.prod.deployPrincipalArns = ["arn:aws:iam::111111111111:role/demo-api-terraform-deploy"]))).toContain(
      "prod.deployPrincipalArns[0]: expected a principal of this environment's account 222222222222 (the guards exempt principals, they grant nothing to other accounts), got \"arn:aws:iam::111111111111:role/demo-api-terraform-deploy\". Use a role of account 222222222222.",
    );
  });

  it("rejects an assumeRoleArn that is not a deploy principal: the guards would deny Terraform its own changes", () => {
    expect(configErrorFor((c) => (c.environments.prod.assumeRoleArn = "arn:aws:iam::222222222222:role/other-deployer"))).toContain(
      'prod.assumeRoleArn: the role the AWS provider assumes must also be in deployPrincipalArns, or the guards deny Terraform its own changes; got "arn:aws:iam::222222222222:role/other-deployer", which is not listed. Add it to deployPrincipalArns.',
    );
  });

  it("accepts user ARNs and role ARNs with a path (e.g. IAM Identity Center roles)", () => {
    const sso = "arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Admin_0123456789abcdef";
    const env = environment("prod", (c) => (c.environments.prod.deployPrincipalArns = [sso, "arn:aws:iam::222222222222:user/ci"]));
    expect(env.deployPrincipalArns).toEqual([sso, "arn:aws:iam::222222222222:user/ci"]);
  });
});

describe("the repository guard", () => {
  it("is on in production and off elsewhere by default", () => {
    expect([environment("prod").repositoryGuard, environment("poc").repositoryGuard]).toEqual([{ enabled: true }, { enabled: false }]);
  });

  it("can be turned off in production only with a reason", () => {
    expect(configErrorFor((c) => (c.environments.prod.repositoryGuard = { enabled: false }))).toContain(
      "prod.repositoryGuard.reason: expected a reason for turning the repository guard off in production, got nothing.",
    );
  });

  it("accepts turning it off in production with a reason", () => {
    const reason = "migration window: the old CI role still deletes images until 2026-09-30";
    expect(environment("prod", (c) => (c.environments.prod.repositoryGuard = { enabled: false, reason })).repositoryGuard).toEqual({ enabled: false, reason });
  });

  it("rejects exclusivePull false where the guard is on, which would silently be overridden", () => {
    expect(configErrorFor((c) => (c.environments.prod.repositories[0].exclusivePull = false))).toContain(
      'prod.repositories[0].exclusivePull: expected true or nothing where the repository guard is on (it denies pulls to every principal but pullPrincipalArns and the deploy role), got false. Remove the field, or turn the guard off with "repositoryGuard": {"enabled": false, "reason": ...}.',
    );
  });
});
