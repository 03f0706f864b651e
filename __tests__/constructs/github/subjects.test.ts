import { iamStringLike, isSubjectPattern } from "../../../constructs/github/subjects";
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
