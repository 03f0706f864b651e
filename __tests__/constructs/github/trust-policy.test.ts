import { defaultSubjects } from "../../../constructs/github/subjects";
import { githubTrustPolicy } from "../../../constructs/github/trust-policy";
import { decideAssumeRole } from "../../support/iam";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ROLE = "arn:aws:iam::111111111111:role/demo-api-poc-github-deploy";
const REPO = { owner: "example-org", repository: "demo-api" };
const AUD = "sts.amazonaws.com";

const assume = (subjects: string[], claims: { sub?: string; aud?: string }) =>
  decideAssumeRole(githubTrustPolicy({ providerArn: PROVIDER, subjects }), ROLE, PROVIDER, claims);

describe("default poc trust (master branch)", () => {
  const subjects = defaultSubjects(REPO, false);

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

describe("default production trust (release tags v*)", () => {
  const subjects = defaultSubjects(REPO, true);

  it.each(["v1.2.3", "v1.2.3-rc1"])("lets tag %s assume the role (IAM's * also matches pre-release suffixes)", async (tag) => {
    expect(await assume(subjects, { sub: `repo:example-org/demo-api:ref:refs/tags/${tag}`, aud: AUD })).toBe("Allowed");
  });

  it.each([
    ["a tag without the v", "repo:example-org/demo-api:ref:refs/tags/1.2.3"],
    ["a tag with another prefix", "repo:example-org/demo-api:ref:refs/tags/release-1.2.3"],
    ["the master branch", "repo:example-org/demo-api:ref:refs/heads/master"],
    ["a branch named like a tag", "repo:example-org/demo-api:ref:refs/heads/v1.2.3"],
    ["a pull request", "repo:example-org/demo-api:pull_request"],
    ["a look-alike repository", "repo:example-org/demo-apix:ref:refs/tags/v1.2.3"],
    ["another owner", "repo:evil-org/demo-api:ref:refs/tags/v1.2.3"],
  ])("refuses %s", async (_, sub) => {
    expect(await assume(subjects, { sub, aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses a release tag token for another audience", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/tags/v1.2.3", aud: "sts.amazonaws.com.evil" })).toBe("ImplicitlyDenied");
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

describe("immutable subject form", () => {
  const subjects = defaultSubjects({ ...REPO, ownerId: 123456, repositoryId: 456789 }, false);

  it("lets the repository with those ids assume the role", async () => {
    expect(await assume(subjects, { sub: "repo:example-org@123456/demo-api@456789:ref:refs/heads/master", aud: AUD })).toBe("Allowed");
  });

  it("refuses a recycled name with other ids", async () => {
    expect(await assume(subjects, { sub: "repo:example-org@999999/demo-api@456789:ref:refs/heads/master", aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("refuses the name-only claim", async () => {
    expect(await assume(subjects, { sub: "repo:example-org/demo-api:ref:refs/heads/master", aud: AUD })).toBe("ImplicitlyDenied");
  });
});

it("refuses to render a policy that trusts no subject", () => {
  expect(() => githubTrustPolicy({ providerArn: PROVIDER, subjects: [] })).toThrow("expected at least one subject");
});
