/**
 * GitHub Actions OIDC subjects (`sub` claims): which workflows of one repository a role trusts.
 * See https://docs.github.com/en/actions/reference/openid-connect-reference
 */

/** The repository whose workflows may assume the role. */
export interface GithubRepository {
  readonly owner: string;
  readonly repository: string;
  /**
   * Immutable numeric owner id. With `repositoryId`, subjects take the form `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`.
   * @default undefined (name-only subjects)
   */
  readonly ownerId?: number;
  /**
   * Immutable numeric repository id; given together with `ownerId`.
   * @default undefined (name-only subjects)
   */
  readonly repositoryId?: number;
}

/** A place-free problem with one config field. */
export interface SubjectProblem {
  /** Path below the `github` object, e.g. `["subjects", 1]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

/** Why `value` is not a GitHub owner (`kind` "owner") or repository name, or `undefined` when it is. */
export function githubNameProblem(kind: "owner" | "repository", value: string): string | undefined {
  if (/[*?]/.test(value)) {
    return `"${value}" contains an IAM wildcard ("*" or "?"), which would trust other ${kind === "owner" ? "owners" : "repositories"}. Name exactly one ${kind}.`;
  }
  const valid = kind === "owner" ? OWNER.test(value) : REPOSITORY.test(value) && value !== "." && value !== "..";
  if (valid) return undefined;
  return kind === "owner"
    ? `"${value}" is not a GitHub owner: expected 1-39 letters, digits or "-", not starting with "-" (as in github.com/OWNER).`
    : `"${value}" is not a GitHub repository name: expected 1-100 letters, digits, ".", "_" or "-" (as in github.com/OWNER/REPO).`;
}

/** The start every subject of this repository has, e.g. `repo:example-org/demo-api:`. */
export function subjectPrefix(repo: GithubRepository): string {
  return repo.ownerId !== undefined && repo.repositoryId !== undefined
    ? `repo:${repo.owner}@${repo.ownerId}/${repo.repository}@${repo.repositoryId}:`
    : `repo:${repo.owner}/${repo.repository}:`;
}

/**
 * Production trusts its protected GitHub environment, named after the stack (`environment:prod`): the
 * environment's required reviewers and deployment tag rule decide which runs get the role. Other
 * environments trust the `master` branch.
 */
export function defaultSubjects(repo: GithubRepository, production: boolean, environmentName: string): string[] {
  return [`${subjectPrefix(repo)}${production ? `environment:${environmentName}` : "ref:refs/heads/master"}`];
}

/** Whether IAM treats the subject as a pattern (`StringLike`) rather than an exact value (`StringEquals`). */
export function isSubjectPattern(subject: string): boolean {
  return /[*?]/.test(subject);
}

/**
 * IAM `StringLike`: case-sensitive, `*` matches any run of characters (also none), `?` exactly one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
export function iamStringLike(pattern: string, value: string): boolean {
  const source = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${source.join("")}$`).test(value);
}

/**
 * The only pattern production accepts: release tags that start with a literal prefix, e.g.
 * `ref:refs/tags/v*`. IAM's `*` still admits any tag with that prefix (`v1-evil`, `vfoo`, `v`):
 * docs/github-deploy-role.md says how GitHub's tag rulesets close that gap.
 */
const PRODUCTION_TAG_PATTERN = /^ref:refs\/tags\/[^*?]+\*$/;

/** Why a production subject (`claim` is what follows the repository prefix) is too wide, or `undefined`. */
function productionPatternProblem(subject: string, claim: string, prefix: string): string | undefined {
  if (!isSubjectPattern(subject) || PRODUCTION_TAG_PATTERN.test(claim)) return undefined;
  const alternative = `Remove "subjects" to trust the protected GitHub environment named after this environment (the default, "${prefix}environment:<name>")`;
  if (claim.startsWith("environment:")) {
    return `"${subject}" trusts every GitHub environment the pattern matches, and GitHub creates an environment, unprotected, as soon as a workflow names it. ${alternative}, or name one protected environment exactly.`;
  }
  if (claim.startsWith("ref:refs/heads/")) {
    return `"${subject}" trusts every branch the pattern matches, so anyone who can push such a branch gets the production role. ${alternative}, or name one branch exactly ("${prefix}ref:refs/heads/master").`;
  }
  return `"${subject}" is a pattern production does not accept: a production subject is an exact claim, or a release tag pattern "${prefix}ref:refs/tags/<literal prefix>*" (one trailing "*", no "?"). ${alternative}.`;
}

function problemOfSubject(subject: string, repo: GithubRepository, production: boolean): string | undefined {
  const prefix = subjectPrefix(repo);
  const immutable = repo.ownerId !== undefined;
  if (/^[*?]+$/.test(subject)) {
    return `"${subject}" would trust every GitHub repository. Use subjects such as "${prefix}ref:refs/heads/master".`;
  }
  if (!subject.startsWith("repo:")) {
    return `"${subject}" lacks the "${prefix}" prefix. Write the full claim, e.g. "${prefix}ref:refs/heads/master".`;
  }
  if (!subject.startsWith(prefix) || subject.length === prefix.length) {
    const named = /^repo:([^:]*)/.exec(subject)?.[1] ?? "";
    if (isSubjectPattern(named)) {
      return `"${subject}" has a wildcard in the owner or repository part ("${named}"), which trusts other repositories. Name this repository exactly: "${prefix}<ref or environment>".`;
    }
    if (!immutable && named.includes("@")) {
      return `"${subject}" uses GitHub's immutable subject form; set github.ownerId and github.repositoryId so subjects start with "repo:OWNER@OWNER_ID/REPO@REPO_ID:".`;
    }
    if (immutable && !named.includes("@")) {
      return `"${subject}" uses the name-only form, but github.ownerId/repositoryId are set, so GitHub issues "${prefix}...". Start the subject with "${prefix}".`;
    }
    return `"${subject}" names another repository ("${named}"); only "${prefix}..." may assume this role. Start the subject with "${prefix}" and follow it with a ref or environment.`;
  }
  if (!production) return undefined;
  if (iamStringLike(subject, `${prefix}pull_request`)) {
    return `"${subject}" trusts pull_request workflows, which run code from unmerged branches; production must not. Remove "subjects" to trust the protected GitHub environment named after this environment (the default), or a release tag pattern.`;
  }
  return productionPatternProblem(subject, subject.slice(prefix.length), prefix);
}

/** Every problem of the configured subjects; empty when they are safe to trust. */
export function subjectProblems(subjects: readonly string[], repo: GithubRepository, production: boolean): SubjectProblem[] {
  const problems: SubjectProblem[] = [];
  if ((repo.ownerId === undefined) !== (repo.repositoryId === undefined)) {
    const missing = repo.ownerId === undefined ? "ownerId" : "repositoryId";
    problems.push({ path: [missing], message: `expected both ownerId and repositoryId for the immutable subject form, or neither. Add ${missing} (see docs/github-deploy-role.md).` });
    return problems;
  }
  subjects.forEach((subject, index) => {
    const message = problemOfSubject(subject, repo, production);
    if (message) problems.push({ path: ["subjects", index], message });
  });
  return problems;
}
