import { configErrorFor, environment } from "../support/config";

type Json = Record<string, any>;
const github = (env: string, edit: (g: Json) => void) => (config: Json) => edit(config.environments[env].github);

describe("github config defaults", () => {
  it("trusts the master branch in poc", () => {
    expect(environment("poc").github.subjects).toEqual(["repo:example-org/demo-api:ref:refs/heads/master"]);
  });

  it("trusts the protected GitHub environment named after the stack in production", () => {
    expect(environment("prod").github.subjects).toEqual(["repo:example-org/demo-api:environment:prod"]);
  });

  it("names the production GitHub environment after the environment's key", () => {
    const edit = (c: Json) => {
      c.environments.live = c.environments.prod;
      delete c.environments.prod;
    };
    expect(environment("live", edit).github.subjects).toEqual(["repo:example-org/demo-api:environment:live"]);
  });

  it.each([
    ["poc", "repo:example-org@123456/demo-api@456789:ref:refs/heads/master"],
    ["prod", "repo:example-org@123456/demo-api@456789:environment:prod"],
  ])("uses the immutable subject form in %s when the ids are given", (name, subject) => {
    const env = environment(name, github(name, (g) => Object.assign(g, { ownerId: 123456, repositoryId: 456789 })));
    expect(env.github.subjects).toEqual([subject]);
  });

  it.each([
    ["an exact environment", "repo:example-org/demo-api:environment:production"],
    ["an exact tag", "repo:example-org/demo-api:ref:refs/tags/v1.2.3"],
    ["an exact branch", "repo:example-org/demo-api:ref:refs/heads/master"],
    ["a release tag pattern with a literal prefix", "repo:example-org/demo-api:ref:refs/tags/v*"],
    ["a narrower release tag pattern", "repo:example-org/demo-api:ref:refs/tags/release-2.*"],
    ["an immutable-form release tag pattern", "repo:example-org@1/demo-api@2:ref:refs/tags/v*"],
  ])("accepts %s in production", (_, subject) => {
    const edit = github("prod", (g) => Object.assign(g, { subjects: [subject] }, subject.includes("@") ? { ownerId: 1, repositoryId: 2 } : {}));
    expect(environment("prod", edit).github.subjects).toEqual([subject]);
  });
});

describe("github config errors", () => {
  it("rejects a wildcard in the owner", () => {
    expect(configErrorFor(github("poc", (g) => (g.owner = "example-*")))).toContain(
      'poc.github.owner: "example-*" contains an IAM wildcard ("*" or "?"), which would trust other owners. Name exactly one owner.',
    );
  });

  it("rejects an invalid character in the owner", () => {
    expect(configErrorFor(github("poc", (g) => (g.owner = "example_org")))).toContain(
      'poc.github.owner: "example_org" is not a GitHub owner: expected 1-39 letters, digits or "-"',
    );
  });

  it("rejects a wildcard in the repository", () => {
    expect(configErrorFor(github("prod", (g) => (g.repository = "demo-?pi")))).toContain(
      'prod.github.repository: "demo-?pi" contains an IAM wildcard ("*" or "?"), which would trust other repositories.',
    );
  });

  it("rejects an invalid character in the repository", () => {
    expect(configErrorFor(github("prod", (g) => (g.repository = "demo/api")))).toContain(
      'prod.github.repository: "demo/api" is not a GitHub repository name',
    );
  });

  it("rejects a subject of *", () => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = ["*"])))).toContain(
      'poc.github.subjects[0]: "*" would trust every GitHub repository.',
    );
  });

  it("rejects a subject without the repo:OWNER/REPO: prefix", () => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = ["ref:refs/heads/master"])))).toContain(
      'poc.github.subjects[0]: "ref:refs/heads/master" lacks the "repo:example-org/demo-api:" prefix.',
    );
  });

  it.each([
    ["repo:example-org/demo-api-evil:ref:refs/heads/master", "example-org/demo-api-evil"],
    ["repo:other-org/demo-api:ref:refs/heads/master", "other-org/demo-api"],
  ])("rejects subject %s, which names another repository", (subject, named) => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = ["repo:example-org/demo-api:ref:refs/heads/master", subject])))).toContain(
      `poc.github.subjects[1]: "${subject}" names another repository ("${named}"); only "repo:example-org/demo-api:..." may assume this role.`,
    );
  });

  it.each([
    ["repo:example-org/*", "example-org/*"],
    ["repo:*/demo-api:ref:refs/heads/master", "*/demo-api"],
    ["repo:example-org/demo-ap?:ref:refs/heads/master", "example-org/demo-ap?"],
  ])("rejects subject %s, which has a wildcard in the owner or repository part", (subject, named) => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = [subject])))).toContain(
      `poc.github.subjects[0]: "${subject}" has a wildcard in the owner or repository part ("${named}"), which trusts other repositories. Name this repository exactly: "repo:example-org/demo-api:<ref or environment>".`,
    );
  });

  it("rejects a wildcard in the owner part of an immutable-form subject", () => {
    const edit = github("prod", (g) => Object.assign(g, { ownerId: 1, repositoryId: 2, subjects: ["repo:*@1/demo-api@2:environment:prod"] }));
    expect(configErrorFor(edit)).toContain('prod.github.subjects[0]: "repo:*@1/demo-api@2:environment:prod" has a wildcard in the owner or repository part');
  });

  it.each([
    "repo:example-org/demo-api:pull_request",
    "repo:example-org/demo-api:*",
    "repo:example-org/demo-api:pull_*",
  ])("rejects %s in production", (subject) => {
    expect(configErrorFor(github("prod", (g) => (g.subjects = [subject])))).toContain(
      `prod.github.subjects[0]: "${subject}" trusts pull_request workflows, which run code from unmerged branches; production must not. Remove "subjects" to trust the protected GitHub environment named after this environment (the default), or a release tag pattern.`,
    );
  });

  it.each(["repo:example-org/demo.api:*", "repo:example-org/demo.api:pull_*"])("rejects %s in production for a repository named with a dot", (subject) => {
    const edit = github("prod", (g) => Object.assign(g, { repository: "demo.api", subjects: [subject] }));
    expect(configErrorFor(edit)).toContain(`prod.github.subjects[0]: "${subject}" trusts pull_request workflows`);
  });

  it.each(["repo:example-org/demo-api:environment:*", "repo:example-org/demo-api:environment:prod*", "repo:example-org/demo-api:environment:pro?"])(
    "rejects the environment pattern %s in production",
    (subject) => {
      expect(configErrorFor(github("prod", (g) => (g.subjects = [subject])))).toContain(
        `prod.github.subjects[0]: "${subject}" trusts every GitHub environment the pattern matches, and GitHub creates an environment, unprotected, as soon as a workflow names it. Remove "subjects" to trust the protected GitHub environment named after this environment (the default, "repo:example-org/demo-api:environment:<name>"), or name one protected environment exactly.`,
      );
    },
  );

  it.each(["repo:example-org/demo-api:ref:refs/heads/*", "repo:example-org/demo-api:ref:refs/heads/release-*"])("rejects the branch pattern %s in production", (subject) => {
    expect(configErrorFor(github("prod", (g) => (g.subjects = [subject])))).toContain(
      `prod.github.subjects[0]: "${subject}" trusts every branch the pattern matches, so anyone who can push such a branch gets the production role. Remove "subjects" to trust the protected GitHub environment named after this environment (the default, "repo:example-org/demo-api:environment:<name>"), or name one branch exactly ("repo:example-org/demo-api:ref:refs/heads/master").`,
    );
  });

  it.each([
    "repo:example-org/demo-api:ref:*",
    "repo:example-org/demo-api:ref:refs/*",
    "repo:example-org/demo-api:ref:refs/tags/*",
    "repo:example-org/demo-api:ref:refs/tags/v?.*",
    "repo:example-org/demo-api:ref:refs/tags/v*-release",
    "repo:example-org/demo-api:ref:refs/tags/v*.*",
  ])("rejects %s in production, which is not a release tag pattern with a literal prefix", (subject) => {
    expect(configErrorFor(github("prod", (g) => (g.subjects = [subject])))).toContain(
      `prod.github.subjects[0]: "${subject}" is a pattern production does not accept: a production subject is an exact claim, or a release tag pattern "repo:example-org/demo-api:ref:refs/tags/<literal prefix>*" (one trailing "*", no "?"). Remove "subjects" to trust the protected GitHub environment named after this environment (the default, "repo:example-org/demo-api:environment:<name>").`,
    );
  });

  it("accepts branch and environment patterns outside production", () => {
    const subjects = ["repo:example-org/demo-api:ref:refs/heads/*", "repo:example-org/demo-api:environment:*"];
    expect(environment("poc", github("poc", (g) => (g.subjects = subjects))).github.subjects).toEqual(subjects);
  });

  it("accepts a pull_request subject outside production", () => {
    const subjects = ["repo:example-org/demo-api:pull_request"];
    expect(environment("poc", github("poc", (g) => (g.subjects = subjects))).github.subjects).toEqual(subjects);
  });

  it("rejects an empty subject list", () => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = [])))).toContain(
      "poc.github.subjects: expected at least one subject, got []. Remove the field to trust the default",
    );
  });

  it("rejects an owner id without a repository id", () => {
    expect(configErrorFor(github("poc", (g) => (g.ownerId = 123456)))).toContain(
      "poc.github.repositoryId: expected both ownerId and repositoryId for the immutable subject form, or neither.",
    );
  });

  it("rejects an immutable-form subject when the ids are not configured", () => {
    expect(configErrorFor(github("poc", (g) => (g.subjects = ["repo:example-org@1/demo-api@2:ref:refs/heads/master"])))).toContain(
      "poc.github.subjects[0]: \"repo:example-org@1/demo-api@2:ref:refs/heads/master\" uses GitHub's immutable subject form; set github.ownerId and github.repositoryId",
    );
  });

  it("rejects a name-only subject when the ids are configured", () => {
    const edit = github("poc", (g) => Object.assign(g, { ownerId: 1, repositoryId: 2, subjects: ["repo:example-org/demo-api:ref:refs/heads/master"] }));
    expect(configErrorFor(edit)).toContain(
      'poc.github.subjects[0]: "repo:example-org/demo-api:ref:refs/heads/master" uses the name-only form, but github.ownerId/repositoryId are set, so GitHub issues "repo:example-org@1/demo-api@2:...".',
    );
  });

  it("rejects an invalid role name", () => {
    expect(configErrorFor(github("prod", (g) => (g.roleName = "demo api deploy")))).toContain(
      'prod.github.roleName: expected an IAM role name: 1-64 letters, digits or "+=,.@_-", got "demo api deploy"',
    );
  });

  it("rejects an oidcProvider other than create or lookup", () => {
    expect(configErrorFor(github("prod", (g) => (g.oidcProvider = "import")))).toContain(
      'prod.github.oidcProvider: expected one of "create", "lookup", got "import"',
    );
  });

  it("rejects a task definition family that is not an ECS name", () => {
    const edit = github("prod", (g) => (g.ecsDeploy = { cluster: "main", service: "demo-api", taskDefinitionFamily: "demo-api:7" }));
    expect(configErrorFor(edit)).toContain("prod.github.ecsDeploy.taskDefinitionFamily: expected an ECS name (1-255 letters, digits, '-' and '_')");
  });

  it("rejects a pass role that is not a role ARN", () => {
    const edit = github("prod", (g) => (g.ecsDeploy = { cluster: "main", service: "demo-api", passRoleArns: ["demo-api-task"] }));
    expect(configErrorFor(edit)).toContain("prod.github.ecsDeploy.passRoleArns[0]: expected an IAM role ARN");
  });
});
