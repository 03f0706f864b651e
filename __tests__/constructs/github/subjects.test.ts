import { githubNameProblem, iamStringLike, isSubjectPattern, subjectPrefix, subjectProblems } from "../../../constructs/github/subjects";
import { githubTrustPolicy } from "../../../constructs/github/trust-policy";
import { decideAssumeRole } from "../../support/iam";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ROLE = "arn:aws:iam::111111111111:role/probe";

// The config rejects production subjects that would match pull_request with iamStringLike;
// it must agree with IAM's StringLike, so each case is also decided by iam-simulate.
describe.each([
  ["repo:o/r:*", "repo:o/r:pull_request", true],
  ["repo:o/r:pull_*", "repo:o/r:pull_request", true],
  ["repo:o/r:pull_reques?", "repo:o/r:pull_request", true],
  ["repo:o/r:ref:*", "repo:o/r:pull_request", false],
  ["repo:o/r:ref:refs/tags/v*", "repo:o/r:ref:refs/tags/v", true],
  ["repo:o/r:ref:refs/tags/v?", "repo:o/r:ref:refs/tags/v10", false],
  ["repo:o/r:ref:refs/heads/(a|b)", "repo:o/r:ref:refs/heads/a", false],
  ["repo:o/r:ref:refs/heads/a.b", "repo:o/r:ref:refs/heads/axb", false],
  ["repo:o/r:ref:refs/heads/*", "repo:O/r:ref:refs/heads/main", false],
  // A "." in a repository name is literal: it must not vanish, nor match any character.
  ["repo:o/demo.api:*", "repo:o/demo.api:pull_request", true],
  ["repo:o/demo.api:*", "repo:o/demoxapi:pull_request", false],
  ["repo:o/a+b:ref:refs/heads/x", "repo:o/aab:ref:refs/heads/x", false],
])("StringLike %s against %s", (pattern, value, matches) => {
  it(`${matches ? "matches" : "does not match"}, as IAM decides`, async () => {
    const policy = githubTrustPolicy({ providerArn: PROVIDER, subjects: [pattern] });
    const iam = await decideAssumeRole(policy, ROLE, PROVIDER, { sub: value, aud: "sts.amazonaws.com" });
    expect(iamStringLike(pattern, value)).toBe(matches);
    expect(iam).toBe(matches ? "Allowed" : "ImplicitlyDenied");
  });
});

it.each([
  ["repo:o/r:ref:refs/tags/v*", true],
  ["repo:o/r:ref:refs/heads/releas?", true],
  ["repo:o/r:environment:production", false],
])("treats %s as a pattern: %s", (subject, pattern) => {
  expect(isSubjectPattern(subject)).toBe(pattern);
});

describe("GitHub names (github.owner, github.repository)", () => {
  it.each([
    ["owner", "a", true],
    ["owner", "a".repeat(39), true],
    ["owner", "a".repeat(40), false],
    ["owner", "-org", false],
    ["owner", "org-", true],
    ["owner", "my_org", false],
    ["owner", "x-y.z", false],
    ["owner", "evil/demo", false],
    ["repository", "demo.api_x-1", true],
    ["repository", "r".repeat(100), true],
    ["repository", "r".repeat(101), false],
    ["repository", ".", false],
    ["repository", "..", false],
    ["repository", "...", true],
    ["repository", "a b", false],
    ["repository", "x/demo", false],
  ] as const)("%s %s is valid: %s", (kind, value, valid) => {
    expect(githubNameProblem(kind, value) === undefined).toBe(valid);
  });

  it("refuses an IAM wildcard in a name, saying it would trust others", () => {
    expect(githubNameProblem("repository", "demo*")).toBe('"demo*" contains an IAM wildcard ("*" or "?"), which would trust other repositories. Name exactly one repository.');
    expect(githubNameProblem("owner", "o?g")).toBe('"o?g" contains an IAM wildcard ("*" or "?"), which would trust other owners. Name exactly one owner.');
  });
});

describe("subject checks", () => {
  const REPO = { owner: "o", repository: "r" };
  const IMMUTABLE = { owner: "o", repository: "r", ownerId: 1, repositoryId: 2 };
  const messages = (subjects: string[], repo: Parameters<typeof subjectProblems>[1] = REPO, production = true) =>
    subjectProblems(subjects, repo, production).map((p) => `${p.path.join(".")}: ${p.message}`);

  it("uses the immutable prefix only when both ids are set", () => {
    expect([subjectPrefix(REPO), subjectPrefix(IMMUTABLE)]).toEqual(["repo:o/r:", "repo:o@1/r@2:"]);
    expect(messages(["repo:o/r:ref:refs/heads/master"], { ...REPO, ownerId: 1 }, false)).toEqual([
      "repositoryId: expected both ownerId and repositoryId for the immutable subject form, or neither. Add repositoryId (see docs/github-deploy-role.md).",
    ]);
    expect(messages(["repo:o/r:ref:refs/heads/master"], { ...REPO, repositoryId: 2 }, false)).toEqual([
      "ownerId: expected both ownerId and repositoryId for the immutable subject form, or neither. Add ownerId (see docs/github-deploy-role.md).",
    ]);
  });

  it.each(["*", "**", "?*"])("says %s would trust every repository", (subject) => {
    expect(messages([subject])).toEqual([`subjects.0: "${subject}" would trust every GitHub repository. Use subjects such as "repo:o/r:ref:refs/heads/master".`]);
  });

  it("says a subject starting with a wildcard but going on lacks the prefix", () => {
    expect(messages(["*x"])).toEqual(['subjects.0: "*x" lacks the "repo:o/r:" prefix. Write the full claim, e.g. "repo:o/r:ref:refs/heads/master".']);
  });

  it("refuses the bare prefix, which names no ref or environment", () => {
    expect(messages(["repo:o/r:"], REPO, false)).toEqual([
      'subjects.0: "repo:o/r:" names another repository ("o/r"); only "repo:o/r:..." may assume this role. Start the subject with "repo:o/r:" and follow it with a ref or environment.',
    ]);
  });

  it("names the other repository a subject is for", () => {
    expect(messages(["repo:o/x:ref:refs/heads/master"], REPO, false)[0]).toContain('names another repository ("o/x")');
  });

  it.each([
    ["repo:o/r:ref:refs/tags/v*", true],
    ["repo:o/r:ref:refs/tags/release-*", true],
    ["repo:o/r:ref:refs/tags/*", false],
    ["repo:o/r:ref:refs/tags/v*x", false],
    ["repo:o/r:xref:refs/tags/v*", false],
    ["repo:o/r:ref:refs/tags/v?*", false],
  ])("in production accepts the tag pattern %s: %s", (subject, accepted) => {
    expect(messages([subject])).toHaveLength(accepted ? 0 : 1);
  });
});
