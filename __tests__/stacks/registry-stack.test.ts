import type { LifecycleRule } from "../../constructs/registry/lifecycle-rules";
import { previewLifecycle } from "../../tools/lifecycle-preview/evaluate";
import { decide } from "../support/iam";
import { adversarialReplay, pocBuilds, rulesOfPolicy } from "../support/lifecycle";
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

describe("lifecycle per environment (the synthesized policy, evaluated)", () => {
  const rulesOf = (env: string) => rulesOfPolicy(onlyResource(synthStack(env), "aws_ecr_lifecycle_policy").policy);
  const digests = (images: readonly { digest: string }[]) => images.map((i) => i.digest).sort();

  describe("prod after 31 real releases and 30 adversarial v-tag pushes (issue 12's replay)", () => {
    const { releases, attacks, images, now } = adversarialReplay();
    const result = previewLifecycle(rulesOf("prod"), images, now);

    it("expires no real release", () => {
      expect(digests(result.expired).filter((d) => d.startsWith("sha256:release"))).toEqual([]);
    });

    it("keeps the deployed release pullable", () => {
      expect(result.kept.map((i) => i.digest)).toContain("sha256:release-30");
    });

    it("archives the 11 oldest releases, which v1.2.3-rcN pushed out of the newest 30, instead of deleting them", () => {
      expect(digests(result.archived)).toEqual(releases.slice(0, 11).map((i) => i.digest));
    });

    it("keeps very-bad-N and vfooN out of the release count (they match no release pattern)", () => {
      const counted = result.rules.find((r) => r.rule.tagPatternList?.includes("v*.*.*"))!.selected;
      expect(counted.filter((i) => attacks.includes(i)).map((i) => i.tags[0]).sort()).toEqual(
        ["v1.2.3-rc2", "v1.2.3-rc5", "v1.2.3-rc8", "v1.2.3-rc11", "v1.2.3-rc14", "v1.2.3-rc17", "v1.2.3-rc20", "v1.2.3-rc23", "v1.2.3-rc26", "v1.2.3-rc29"].sort(),
      );
    });

    it("still expires no real release when all 30 pushes are release-shaped (v1.2.3-rcN), archiving all but the deployed one", () => {
      const worst = adversarialReplay((n) => `v1.2.3-rc${n}`);
      const outcome = previewLifecycle(rulesOf("prod"), worst.images, worst.now);
      expect(digests(outcome.expired)).toEqual([]);
      expect(digests(outcome.archived)).toEqual(worst.releases.slice(0, 30).map((i) => i.digest));
    });

    it("expires the non-release tags 90 days after push, and still no release", () => {
      const later = previewLifecycle(rulesOf("prod"), images, now + 91 * 24 * 60 * 60 * 1000);
      expect(digests(later.expired)).toEqual(attacks.filter((i) => !i.tags[0].startsWith("v1.2.3-rc")).map((i) => i.digest).sort());
    });

    // Negative control: the rule this replaces ("tagPrefixList": ["v"], keep 30, expire) loses every release.
    it("would have expired all 31 releases, the deployed one included, under the former rule", () => {
      const former: LifecycleRule[] = [
        { rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 },
        { rulePriority: 2, tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30 },
      ];
      expect(digests(previewLifecycle(former, images, now).expired)).toEqual(releases.map((i) => i.digest));
    });
  });

  describe("poc after 300 master builds", () => {
    const { images, now } = pocBuilds(300);
    const result = previewLifecycle(rulesOf("poc"), images, now);

    it("stays bounded: nothing older than the newest 50 images remains", () => {
      const newest50 = images.slice(-50);
      expect(result.kept.filter((image) => !newest50.includes(image))).toEqual([]);
      expect(result.kept.length).toBeLessThanOrEqual(50);
    });

    it("expires the builds that failed the gate (never tagged) 7 days after push, even among the newest 50", () => {
      const untaggedOlderThan7Days = images.filter((i) => i.tags.length === 0 && now - i.pushedAt > 7 * 24 * 60 * 60 * 1000);
      expect(untaggedOlderThan7Days.filter((image) => !result.expired.includes(image))).toEqual([]);
    });

    it("selects every image with some rule (none is kept forever by default)", () => {
      expect(images.filter((image) => !result.rules.some((r) => r.selected.includes(image)))).toEqual([]);
    });
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
  expect([poc.bucket, poc.key]).toEqual(["example-org-demo-api-tfstate-poc", "demo-api/poc/terraform.tfstate"]);
  expect([prod.bucket, prod.key]).toEqual(["example-org-demo-api-tfstate-prod", "demo-api/prod/terraform.tfstate"]);
});
