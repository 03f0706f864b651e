import { defaultSubjects } from "../../../constructs/github/subjects";
import { githubOidcProviderArn, githubTrustPolicy } from "../../../constructs/github/trust-policy";
import { decideAssumeRole } from "../../support/iam";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ROLE = "arn:aws:iam::111111111111:role/demo-api-poc-github-deploy";
const REPO = { owner: "example-org", repository: "demo-api" };
const AUD = "sts.amazonaws.com";

const assume = (subjects: string[], claims: { sub?: string; aud?: string }) =>
  decideAssumeRole(githubTrustPolicy({ providerArn: PROVIDER, subjects }), ROLE, PROVIDER, claims);

describe("default poc trust (master branch)", () => {
  const subjects = defaultSubjects(REPO, false, "poc");

  it("lets a master build of example-org/demo-api assume the role", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/heads/master", aud: AUD })).toBe("Allowed");
  });

  it.each([
    ["another owner", "repo:evil-org/demo-api:ref:refs/heads/master"],
    ["a look-alike repository", "repo:example-org/demo-api-evil:ref:refs/heads/master"],
    ["a prefix look-alike", "repo:example-org/demo-apix:ref:refs/heads/master"],
    ["a pull request", "repo:example-org/demo-api:pull_request"],
    ["another branch", "repo:example-org/demo-api:ref:refs/heads/feature"],
    ["a branch named like master", "repo:example-org/demo-api:ref:refs/heads/master-old"],
    ["a job in a GitHub environment", "repo:example-org/demo-api:environment:poc"],
  ])("refuses %s", async (_, sub) => {
    expect(await assume(subjects, { sub, aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses a token for another audience", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/heads/master", aud: "https://github.com/example-org" })).toBe("ImplicitlyDenied");
  });

  it("refuses a token without an audience", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/heads/master" })).toBe("ImplicitlyDenied");
  });
});

describe("default production trust (the protected GitHub environment named after the stack)", () => {
  const subjects = defaultSubjects(REPO, true, "prod");

  it("lets a job in the prod GitHub environment assume the role", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:environment:prod", aud: AUD })).toBe("Allowed");
  });

  it.each([
    ["a release tag push outside the environment", "repo:example-org/demo-api:ref:refs/tags/v1.2.3"],
    ["any tag starting with v", "repo:example-org/demo-api:ref:refs/tags/v1-evil"],
    ["a tag named vfoo", "repo:example-org/demo-api:ref:refs/tags/vfoo"],
    ["a tag named v", "repo:example-org/demo-api:ref:refs/tags/v"],
    ["the master branch", "repo:example-org/demo-api:ref:refs/heads/master"],
    ["another GitHub environment", "repo:example-org/demo-api:environment:production"],
    ["an environment named like prod", "repo:example-org/demo-api:environment:prod-old"],
    ["a pull request", "repo:example-org/demo-api:pull_request"],
    ["a look-alike repository", "repo:example-org/demo-apix:environment:prod"],
    ["another owner", "repo:evil-org/demo-api:environment:prod"],
  ])("refuses %s", async (_, sub) => {
    expect(await assume(subjects, { sub, aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses a prod environment token for another audience", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:environment:prod", aud: "sts.amazonaws.com.evil" })).toBe("ImplicitlyDenied");
  });
});

describe("a release tag pattern (what IAM's * still admits)", () => {
  const subjects = ["repo:example-org/demo-api:ref:refs/tags/v*"];

  it.each(["v1.2.3", "v1.2.3-rc1", "v1-evil", "vfoo", "v"])("lets tag %s assume the role: * matches any run of characters, also none", async (tag) => {
    expect(await assume(subjects, { sub: `repo:example-org/demo-api:ref:refs/tags/${tag}`, aud: AUD })).toBe("Allowed");
  });

  it.each(["1.2.3", "release-1.2.3"])("refuses tag %s, which lacks the literal prefix", async (tag) => {
    expect(await assume(subjects, { sub: `repo:example-org/demo-api:ref:refs/tags/${tag}`, aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses a branch named like a tag", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/heads/v1.2.3", aud: AUD })).toBe("ImplicitlyDenied");
  });
});

describe("exact subjects and patterns together", () => {
  const subjects = ["repo:example-org/demo-api:environment:production", "repo:example-org/demo-api:ref:refs/tags/v*"];

  it("lets a job in the production GitHub environment assume the role", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:environment:production", aud: AUD })).toBe("Allowed");
  });

  it("still lets release tags assume the role (the two kinds are ORed, not ANDed)", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/tags/v2.0.0", aud: AUD })).toBe("Allowed");
  });

  it("refuses a job in another GitHub environment", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:environment:staging", aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("never relies on ForAllValues, which an absent claim satisfies", () => {
    expect(JSON.stringify(githubTrustPolicy({ providerArn: PROVIDER, subjects }))).not.toMatch(/ForAllValues|ForAnyValue/);
  });
});

describe.each([
  ["poc", false, "repo:example-org@123456/demo-api@456789:ref:refs/heads/master"],
  ["prod", true, "repo:example-org@123456/demo-api@456789:environment:prod"],
] as const)("immutable subject form, %s default", (environment, production, claim) => {
  const subjects = defaultSubjects({ ...REPO, ownerId: 123456, repositoryId: 456789 }, production, environment);

  it(`lets ${claim} assume the role`, async () => {
    expect(await assume(subjects, { sub: claim, aud: AUD })).toBe("Allowed");
  });

  it("refuses a recycled owner name with another owner id", async () => {
    expect(await assume(subjects, { sub: claim.replace("@123456", "@999999"), aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses a recycled repository name with another repository id", async () => {
    expect(await assume(subjects, { sub: claim.replace("@456789", "@111111"), aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses the name-only claim", async () => {
    expect(await assume(subjects, { sub: claim.replace("@123456", "").replace("@456789", ""), aud: AUD })).toBe("ImplicitlyDenied");
  });
});

it("refuses to render a policy that trusts no subject", () => {
  expect(() => githubTrustPolicy({ providerArn: PROVIDER, subjects: [] })).toThrow("expected at least one subject");
});

it("names the OIDC provider as a Federated principal, the only kind sts:AssumeRoleWithWebIdentity accepts", () => {
  // IAM User Guide, "Creating a role for web identity or OIDC federation": the trust policy's Principal is
  // {"Federated": <provider ARN>}. The simulator does not check the principal type, so it is asserted here.
  const policy = githubTrustPolicy({ providerArn: PROVIDER, subjects: ["repo:example-org/demo-api:environment:prod", "repo:example-org/demo-api:ref:refs/tags/v*"] });
  expect(policy.Statement.map((s) => [s.Principal, s.Action])).toEqual([
    [{ Federated: PROVIDER }, "sts:AssumeRoleWithWebIdentity"],
    [{ Federated: PROVIDER }, "sts:AssumeRoleWithWebIdentity"],
  ]);
});

it("lists each subject once", () => {
  const policy = githubTrustPolicy({ providerArn: PROVIDER, subjects: ["repo:o/r:ref:refs/heads/b", "repo:o/r:ref:refs/heads/a", "repo:o/r:ref:refs/heads/b"] });
  expect(policy.Statement[0].Condition).toEqual({
    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": ["repo:o/r:ref:refs/heads/a", "repo:o/r:ref:refs/heads/b"] },
  });
});

describe("statements", () => {
  const sids = (subjects: string[]) => githubTrustPolicy({ providerArn: PROVIDER, subjects }).Statement.map((s) => s.Sid);

  it("has one statement for exact subjects and one for patterns, only when there are some", () => {
    expect(sids(["repo:o/r:environment:prod"])).toEqual(["GithubExactSubjects"]);
    expect(sids(["repo:o/r:ref:refs/tags/v*"])).toEqual(["GithubSubjectPatterns"]);
    expect(sids(["repo:o/r:ref:refs/tags/v*", "repo:o/r:environment:prod"])).toEqual(["GithubExactSubjects", "GithubSubjectPatterns"]);
  });

  it("tests patterns with StringLike and the audience with StringEquals, each pattern once, sorted", () => {
    const [statement] = githubTrustPolicy({ providerArn: PROVIDER, subjects: ["repo:o/r:ref:refs/tags/v*", "repo:o/r:ref:refs/tags/r*", "repo:o/r:ref:refs/tags/v*"] }).Statement;
    expect(statement.Condition).toEqual({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": ["repo:o/r:ref:refs/tags/r*", "repo:o/r:ref:refs/tags/v*"] },
    });
  });
});

it("names the account's GitHub OIDC provider by the ARN IAM gives it", () => {
  expect(githubOidcProviderArn("111111111111")).toBe("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com");
});
