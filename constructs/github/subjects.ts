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

/** Production trusts release tags only; other environments trust the `master` branch. */
export function defaultSubjects(repo: GithubRepository, production: boolean): string[] {
  return [`${subjectPrefix(repo)}${production ? "ref:refs/tags/v*" : "ref:refs/heads/master"}`];
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
    if (!immutable && named.includes("@")) {
      return `"${subject}" uses GitHub's immutable subject form; set github.ownerId and github.repositoryId so subjects start with "repo:OWNER@OWNER_ID/REPO@REPO_ID:".`;
    }
    if (immutable && !named.includes("@")) {
      return `"${subject}" uses the name-only form, but github.ownerId/repositoryId are set, so GitHub issues "${prefix}...". Start the subject with "${prefix}".`;
    }
    return `"${subject}" names another repository ("${named}"); only "${prefix}..." may assume this role. Start the subject with "${prefix}" and follow it with a ref or environment.`;
  }
  if (production && iamStringLike(subject, `${prefix}pull_request`)) {
    return `"${subject}" trusts pull_request workflows, which run code from unmerged branches; production must not. Trust release tags or a protected environment instead.`;
  }
  return undefined;
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
