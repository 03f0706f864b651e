/**
 * Mistakes no single field shows: a KMS key of another region or account, and environments that would collide
 * in one AWS account (one GitHub OIDC provider, one state location, one repository name, overlapping alert scopes).
 */

export interface FieldProblem {
  /** From the environment (`["github", "oidcProvider"]`), or from the environments' record (`[name, ...]`). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const KMS_ARN = /^arn:([^:]+):kms:([^:]+):(\d{12}):/;

/**
 * ECR encrypts a repository only with a KMS key of the repository's region ("The key must exist in the same Region
 * as the repository", ECR API reference, EncryptionConfiguration.kmsKey); a key of another account is not supported
 * here. S3 encrypts an object only with a key of the bucket's region (S3 user guide, "Using server-side encryption
 * with AWS KMS keys": "the KMS key must be in the same Region as the bucket").
 */
export function kmsKeyProblems(env: {
  readonly awsAccountId: string;
  readonly region: string;
  readonly repositories: readonly { readonly encryption: { readonly type: string; readonly kmsKeyArn?: string } }[];
  readonly stateBackend: { readonly type: string; readonly region?: string; readonly kmsKeyArn?: string };
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  env.repositories.forEach((repo, index) => {
    const [, partition, region, account] = KMS_ARN.exec(repo.encryption.kmsKeyArn ?? "") ?? [];
    if (region === undefined || (partition === "aws" && region === env.region && account === env.awsAccountId)) return;
    problems.push({
      path: ["repositories", index, "encryption", "kmsKeyArn"],
      message: `expected a KMS key of this environment's account ${env.awsAccountId} in its region ${env.region} (ECR encrypts a repository only with a key of its own region; keys of other accounts are not supported here), got one of account ${account} in ${region}${partition === "aws" ? "" : ` (partition ${partition})`}. Create the key in ${env.region} of account ${env.awsAccountId}, or use {"type": "AES256"}.`,
    });
  });
  const state = env.stateBackend;
  const [, , stateKeyRegion] = KMS_ARN.exec(state.kmsKeyArn ?? "") ?? [];
  if (state.type === "s3" && stateKeyRegion !== undefined && stateKeyRegion !== state.region) {
    problems.push({
      path: ["stateBackend", "kmsKeyArn"],
      message: `expected a KMS key in the state bucket's region ${state.region} (S3 encrypts with a key of the bucket's own region), got one in ${stateKeyRegion}. Use a key in ${state.region}, or remove kmsKeyArn to let the bootstrap create one.`,
    });
  }
  return problems;
}

/** What the cross-environment checks read of each environment. */
export interface SharedEnvironment {
  readonly production: boolean;
  readonly awsAccountId: string;
  readonly region: string;
  readonly stateBackend: { readonly type: "s3"; readonly bucket: string } | { readonly type: "hcp"; readonly organization: string; readonly workspace: string };
  readonly repositories: readonly { readonly name: string }[];
  readonly github: { readonly oidcProvider: "create" | "lookup" };
  readonly alerting: { readonly repositoryPrefix?: string };
}

type Entry = readonly [string, SharedEnvironment];

/**
 * An account holds one OIDC provider per URL (IAM CreateOpenIDConnectProvider: EntityAlreadyExists): where several
 * environments share an account, one creates it (a production one first: it keeps the provider with
 * prevent_destroy) and the others look it up.
 */
function oidcProviderProblems(entries: readonly Entry[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const account of new Set(entries.map(([, env]) => env.awsAccountId))) {
    const creators = entries.filter(([, env]) => env.awsAccountId === account && env.github.oidcProvider === "create");
    if (creators.length < 2) continue;
    const keeper = creators.find(([, env]) => env.production) ?? creators[0];
    for (const [name] of creators.filter((entry) => entry !== keeper)) {
      problems.push({
        path: [name, "github", "oidcProvider"],
        message: `expected "lookup" where environment "${keeper[0]}" creates GitHub's OIDC provider in the same account ${account}, got "create" (an account holds one provider per URL: the second apply fails with EntityAlreadyExists). Set "oidcProvider": "lookup" here, and deploy "${keeper[0]}" first.`,
      });
    }
  }
  return problems;
}

/**
 * Each environment keeps its own state: the bootstrap creates and seals one bucket per environment (a second
 * environment naming the same bucket would fail to create it, or replace its policy), and an HCP workspace holds
 * one stack's state.
 */
function stateLocationProblems(entries: readonly Entry[]): FieldProblem[] {
  const place = (env: SharedEnvironment) => (env.stateBackend.type === "s3" ? `s3:${env.stateBackend.bucket}` : `hcp:${env.stateBackend.organization}/${env.stateBackend.workspace}`);
  return entries.flatMap(([name, env], index) => {
    const first = entries.findIndex(([, other]) => place(other) === place(env));
    if (first === index) return [];
    const [other] = entries[first];
    return env.stateBackend.type === "s3"
      ? [{ path: [name, "stateBackend", "bucket"], message: `expected a state bucket of this environment's own, got "${env.stateBackend.bucket}", which environment "${other}" uses (each environment's bootstrap creates and seals its bucket). Name another bucket.` }]
      : [{ path: [name, "stateBackend", "workspace"], message: `expected an HCP Terraform workspace of this environment's own, got "${env.stateBackend.workspace}", which environment "${other}" uses in organization "${env.stateBackend.organization}" (a workspace holds one stack's state). Name another workspace.` }];
  });
}

/** A registry (account + region) holds one repository per name; an alert scope by prefix must not take in another environment's repositories. */
function sharedRegistryProblems(entries: readonly Entry[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  entries.forEach(([name, env], index) => {
    const registry = `registry ${env.awsAccountId} in ${env.region}`;
    const neighbours = entries.filter(([other, o]) => other !== name && o.awsAccountId === env.awsAccountId && o.region === env.region);
    for (const [other, o] of neighbours) {
      const earlier = entries.findIndex(([n]) => n === other) < index;
      env.repositories.forEach((repo, r) => {
        if (earlier && o.repositories.some((theirs) => theirs.name === repo.name)) {
          problems.push({ path: [name, "repositories", r, "name"], message: `expected a name no other environment of ${registry} uses, got "${repo.name}", which environment "${other}" also defines (a registry holds one repository per name). Rename one of them.` });
        }
      });
      const prefix = env.alerting.repositoryPrefix;
      const taken = prefix === undefined ? undefined : o.repositories.find((theirs) => theirs.name.startsWith(prefix));
      if (taken) {
        problems.push({ path: [name, "alerting", "repositoryPrefix"], message: `expected a prefix only this environment's repositories start with, got "${prefix}", which also matches "${taken.name}" of environment "${other}" in ${registry} (its scans would alert here too). Use a longer prefix.` });
      }
    }
  });
  return problems;
}

/** Collisions between environments, each reported on the environment to change. */
export function sharedAccountProblems(environments: Record<string, SharedEnvironment>): FieldProblem[] {
  const entries = Object.entries(environments);
  return [...oidcProviderProblems(entries), ...stateLocationProblems(entries), ...sharedRegistryProblems(entries)];
}
