import { configErrorFor, environment, environmentsWith } from "../support/config";

type Json = Record<string, any>;

const KEY_ID = "0f8e6c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
/** poc moved into prod's account (222222222222), as a team with one AWS account would have it. */
const sameAccount = (c: Json) => {
  const poc = c.environments.poc;
  poc.awsAccountId = "222222222222";
  poc.deployPrincipalArns = ["arn:aws:iam::222222222222:role/demo-api-terraform-deploy"];
  poc.breakGlassPrincipalArn = "arn:aws:iam::222222222222:role/break-glass";
  poc.repositories[0].pullPrincipalArns = ["arn:aws:iam::222222222222:role/demo-api-ecs-task-execution"];
  poc.repositories[0].name = "demo-api-poc";
  poc.github.oidcProvider = "lookup";
};

describe("KMS keys", () => {
  const repositoryKey = (arn: string) => (c: Json) => (c.environments.prod.repositories[0].encryption = { type: "KMS", kmsKeyArn: arn });

  it("accepts a repository key of the environment's account and region", () => {
    const arn = `arn:aws:kms:ap-northeast-1:222222222222:key/${KEY_ID}`;
    expect(environment("prod", repositoryKey(arn)).repositories[0].encryption).toEqual({ type: "KMS", kmsKeyArn: arn });
  });

  it("refuses a repository key of another region: ECR encrypts only with a key of the repository's region", () => {
    expect(configErrorFor(repositoryKey(`arn:aws:kms:us-east-1:222222222222:key/${KEY_ID}`))).toContain(
      'prod.repositories[0].encryption.kmsKeyArn: expected a KMS key of this environment\'s account 222222222222 in its region ap-northeast-1 (ECR encrypts a repository only with a key of its own region; keys of other accounts are not supported here), got one of account 222222222222 in us-east-1. Create the key in ap-northeast-1 of account 222222222222, or use {"type": "AES256"}.',
    );
  });

  it("refuses a repository key of another account", () => {
    expect(configErrorFor(repositoryKey(`arn:aws:kms:ap-northeast-1:333333333333:key/${KEY_ID}`))).toContain(
      "prod.repositories[0].encryption.kmsKeyArn: expected a KMS key of this environment's account 222222222222 in its region ap-northeast-1",
    );
  });

  it("refuses a state key in another region than the state bucket", () => {
    expect(configErrorFor((c) => (c.environments.prod.stateBackend.kmsKeyArn = `arn:aws:kms:us-west-2:222222222222:key/${KEY_ID}`))).toContain(
      "prod.stateBackend.kmsKeyArn: expected a KMS key in the state bucket's region ap-northeast-1 (S3 encrypts with a key of the bucket's own region), got one in us-west-2. Use a key in ap-northeast-1, or remove kmsKeyArn to let the bootstrap create one.",
    );
  });
});

describe("regions", () => {
  it("refuses a region AWS does not have", () => {
    expect(configErrorFor((c) => (c.environments.poc.region = "ap-northeast-9"))).toContain(
      'poc.region: expected one of AWS\'s regions (config/aws-regions.ts lists them, e.g. "ap-northeast-1"), got "ap-northeast-9". Check the spelling; if AWS opened it recently, add it to config/aws-regions.ts.',
    );
  });

  it("refuses a region of another partition, whose ARNs the stacks do not build", () => {
    expect(configErrorFor((c) => (c.environments.poc.region = "cn-north-1"))).toContain(
      'poc.region: expected a region of AWS\'s standard partition (the stacks build "arn:aws:" ARNs), got "cn-north-1", which belongs to another partition.',
    );
  });

  it("checks the state bucket's region too", () => {
    expect(configErrorFor((c) => (c.environments.poc.stateBackend.region = "eu-west-9"))).toContain('poc.stateBackend.region: expected one of AWS\'s regions');
  });

  it("accepts a region opened in 2025 (Asia Pacific (New Zealand))", () => {
    expect(environment("poc", (c) => (c.environments.poc.region = "ap-southeast-6")).region).toBe("ap-southeast-6");
  });
});

describe("two environments in one AWS account", () => {
  it("may share the account when one creates GitHub's OIDC provider and the other looks it up", () => {
    expect(environmentsWith(sameAccount).map((env) => env.github.oidcProvider)).toEqual(["lookup", "create"]);
  });

  it("may not both create GitHub's OIDC provider: the production one keeps it, the other is told to look it up", () => {
    expect(configErrorFor((c) => { sameAccount(c); c.environments.poc.github.oidcProvider = "create"; })).toContain(
      'poc.github.oidcProvider: expected "lookup" where environment "prod" creates GitHub\'s OIDC provider in the same account 222222222222, got "create" (an account holds one provider per URL: the second apply fails with EntityAlreadyExists). Set "oidcProvider": "lookup" here, and deploy "prod" first.',
    );
  });

  it("may not define the same repository in the same region", () => {
    expect(configErrorFor((c) => { sameAccount(c); c.environments.poc.repositories[0].name = "demo-api"; })).toContain(
      'prod.repositories[0].name: expected a name no other environment of registry 222222222222 in ap-northeast-1 uses, got "demo-api", which environment "poc" also defines (a registry holds one repository per name). Rename one of them.',
    );
  });

  it("may not watch, by prefix, the other environment's repositories", () => {
    expect(configErrorFor((c) => { sameAccount(c); c.environments.prod.alerting.repositoryPrefix = "demo-api"; })).toContain(
      'prod.alerting.repositoryPrefix: expected a prefix only this environment\'s repositories start with, got "demo-api", which also matches "demo-api-poc" of environment "poc" in registry 222222222222 in ap-northeast-1 (its scans would alert here too). Use a longer prefix.',
    );
  });
});

describe("state locations", () => {
  it("refuses two environments in one state bucket: each bootstrap creates and seals its own", () => {
    expect(configErrorFor((c) => (c.environments.prod.stateBackend.bucket = c.environments.poc.stateBackend.bucket))).toContain(
      'prod.stateBackend.bucket: expected a state bucket of this environment\'s own, got "example-org-demo-api-tfstate-poc", which environment "poc" uses (each environment\'s bootstrap creates and seals its bucket). Name another bucket.',
    );
  });

  it("refuses two environments in one HCP Terraform workspace", () => {
    const hcp = { type: "hcp", organization: "example-org", workspace: "demo-api" };
    expect(configErrorFor((c) => { c.environments.poc.stateBackend = hcp; c.environments.prod.stateBackend = hcp; })).toContain(
      'prod.stateBackend.workspace: expected an HCP Terraform workspace of this environment\'s own, got "demo-api", which environment "poc" uses in organization "example-org" (a workspace holds one stack\'s state). Name another workspace.',
    );
  });
});

describe("alerting.repositoryPrefix", () => {
  it("must start every repository name", () => {
    expect(configErrorFor((c) => (c.environments.poc.alerting.repositoryPrefix = "team/"))).toContain(
      'poc.repositories[0].name: expected a name starting with alerting.repositoryPrefix "team/" (the alert rules watch the repositories by that prefix), got "demo-api". Rename the repository, or shorten the prefix to one every repository name starts with.',
    );
  });
});
