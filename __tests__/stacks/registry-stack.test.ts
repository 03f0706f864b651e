import { decide } from "../support/iam";
import { environment } from "../support/config";
import { onlyResource, synthStack } from "../support/synth";

describe.each([
  { env: "poc", mutability: "MUTABLE", forceDelete: true, preventDestroy: false, account: "111111111111" },
  { env: "prod", mutability: "IMMUTABLE", forceDelete: false, preventDestroy: true, account: "222222222222" },
])("$env stack (example fixture)", ({ env, mutability, forceDelete, preventDestroy, account }) => {
  const tf = synthStack(env);
  const repository = onlyResource(tf, "aws_ecr_repository");

  it(`creates the demo-api repository with ${mutability} tags`, () => {
    expect(repository.name).toBe("demo-api");
    expect(repository.image_tag_mutability).toBe(mutability);
  });

  it("scans every pushed image", () => {
    expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
  });

  it("encrypts images with AES-256", () => {
    expect(repository.encryption_configuration).toEqual([{ encryption_type: "AES256" }]);
  });

  it(`${forceDelete ? "lets" : "does not let"} destroy delete a repository that still holds images`, () => {
    expect(repository.force_delete).toBe(forceDelete);
  });

  it(`${preventDestroy ? "refuses" : "allows"} plans that destroy the repository`, () => {
    expect(repository.lifecycle?.prevent_destroy ?? false).toBe(preventDestroy);
  });

  it("can only be applied to its own AWS account", () => {
    expect(tf.provider.aws[0].allowed_account_ids).toEqual([account]);
  });

  it("tags every AWS resource with environment, service, owner tool and source repository", () => {
    expect(tf.provider.aws[0].default_tags[0].tags).toEqual({
      Environment: env,
      Service: "demo-api",
      ManagedBy: "cdktf",
      SourceRepository: "github.com/example-org/demo-api-registry",
    });
  });

  it("keeps its state in its own encrypted, S3-locked key", () => {
    expect(tf.terraform.backend.s3).toMatchObject({
      key: `demo-api/${env}/terraform.tfstate`,
      encrypt: true,
      use_lockfile: true,
    });
    expect(tf.terraform.backend.s3.dynamodb_table).toBeUndefined();
  });

  it("sends Datadog calls to the configured site, with no credentials in the code", () => {
    expect(tf.provider.datadog[0]).toEqual({ api_url: "https://api.ap1.datadoghq.com/" });
  });

  it("outputs the repository URL, ARN and registry id, and the deploy role and OIDC provider ARNs", () => {
    expect(Object.keys(tf.output).sort()).toEqual(
      [
        "demo-api_registry_id",
        "demo-api_repository_arn",
        "demo-api_repository_url",
        "github_deploy_role_arn",
        "github_oidc_provider_arn",
      ],
    );
  });
});

describe("lifecycle per environment", () => {
  const rulesOf = (env: string) => JSON.parse(onlyResource(synthStack(env), "aws_ecr_lifecycle_policy").policy).rules;

  it("poc expires untagged images 7 days after push, and nothing else", () => {
    expect(rulesOf("poc").map((r: any) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
    ]);
  });

  it("prod also keeps only the newest 30 release (v*) images", () => {
    expect(rulesOf("prod").map((r: any) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30 },
    ]);
  });
});

describe("who can pull, per environment", () => {
  const policyOf = (env: string) => JSON.parse(onlyResource(synthStack(env), "aws_ecr_repository_policy").policy);
  const repositoryArn = (account: string) => `arn:aws:ecr:ap-northeast-1:${account}:repository/demo-api`;
  const broadReader = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "ecr:*", Resource: "*" }] };

  it.each([
    ["poc", "111111111111"],
    ["prod", "222222222222"],
  ])("%s lets the ECS task execution role pull", async (env, account) => {
    const decision = await decide({
      principal: `arn:aws:iam::${account}:role/demo-api-ecs-task-execution`,
      action: "ecr:BatchGetImage",
      resource: repositoryArn(account) }, { resource: policyOf(env) });
    expect(decision).toBe("Allowed");
  });

  it("prod denies pulls by any other role of the account, whatever its IAM permissions", async () => {
    const decision = await decide({
      principal: "arn:aws:iam::222222222222:role/analytics-batch",
      action: "ecr:BatchGetImage",
      resource: repositoryArn("222222222222") }, { resource: policyOf("prod"), identity: [broadReader] });
    expect(decision).toBe("ExplicitlyDenied");
  });
});

describe("optional environment settings", () => {
  it("keeps state in the configured HCP Terraform workspace instead of S3", () => {
    // GIVEN prod configured for HCP Terraform
    const env = environment("prod", (c) => {
      c.environments.prod.stateBackend = { type: "hcp", organization: "example-org", workspace: "demo-api-prod" };
    });
    // WHEN the stack is synthesized
    const tf = synthStack(env);
    // THEN its state lives in that workspace, and there is no S3 backend
    expect(tf.terraform.cloud).toEqual({ organization: "example-org", workspaces: { name: "demo-api-prod" } });
    expect(tf.terraform.backend).toBeUndefined();
  });

  it("deploys through the configured role when assumeRoleArn is set", () => {
    const roleArn = "arn:aws:iam::222222222222:role/terraform-deploy";
    const tf = synthStack(
      environment("prod", (c) => {
        c.environments.prod.assumeRoleArn = roleArn;
        c.environments.prod.deployPrincipalArns.push(roleArn);
      }),
    );
    expect(tf.provider.aws[0].assume_role).toEqual([{ role_arn: roleArn, session_name: "demo-api-prod-cdktf" }]);
  });

  it("uses the caller's own credentials when no role is configured", () => {
    expect(synthStack("prod").provider.aws[0].assume_role).toBeUndefined();
  });
});

it("gives poc and prod different state keys in different buckets", () => {
  const [poc, prod] = ["poc", "prod"].map((env) => synthStack(env).terraform.backend.s3);
  expect(`${poc.bucket}/${poc.key}`).not.toEqual(`${prod.bucket}/${prod.key}`);
});
