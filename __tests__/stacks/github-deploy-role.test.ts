import { App, Testing } from "cdktf";
import { guardrailFindings } from "../../guardrails/enforce";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment } from "../support/config";
import { decide, decideAssumeRole } from "../support/iam";
import { onlyResource, resourceUnder, resourcesOf, synthStack } from "../support/synth";

const AUD = "sts.amazonaws.com";

describe.each([
  { env: "poc", account: "111111111111", trusted: "ref:refs/heads/master", refused: "ref:refs/tags/v1.2.3" },
  { env: "prod", account: "222222222222", trusted: "environment:prod", refused: "ref:refs/tags/v1.2.3" },
])("$env deploy role (example fixture)", ({ env, account, trusted, refused }) => {
  const tf = synthStack(env);
  const role = resourceUnder(tf, "aws_iam_role", "github-deploy-role");
  const trust = JSON.parse(role.assume_role_policy);
  const permissions = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
  const roleArn = `arn:aws:iam::${account}:role/demo-api-${env}-github-deploy`;
  const providerArn = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;

  it(`is named demo-api-${env}-github-deploy with one-hour sessions`, () => {
    expect(role).toMatchObject({ name: `demo-api-${env}-github-deploy`, max_session_duration: 3600 });
  });

  it(`lets ${trusted} of example-org/demo-api assume it`, async () => {
    expect(await decideAssumeRole(trust, roleArn, providerArn, { sub: `repo:example-org/demo-api:${trusted}`, aud: AUD })).toBe("Allowed");
  });

  it(`refuses ${refused}`, async () => {
    expect(await decideAssumeRole(trust, roleArn, providerArn, { sub: `repo:example-org/demo-api:${refused}`, aud: AUD })).toBe("ImplicitlyDenied");
  });

  it("creates the GitHub OIDC provider for STS, without a thumbprint, before the role", () => {
    const [[id, provider]] = resourcesOf(tf, "aws_iam_openid_connect_provider");
    expect(provider).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: [AUD] });
    expect(provider.thumbprint_list).toBeUndefined();
    expect(role.depends_on).toEqual([`aws_iam_openid_connect_provider.${id}`]);
  });

  it("may push to demo-api, whose repository policy grants it", async () => {
    const resource = `arn:aws:ecr:ap-northeast-1:${account}:repository/demo-api`;
    const repositoryPolicy = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy);
    expect(await decide({ principal: roleArn, action: "ecr:PutImage", resource }, { identity: [permissions], resource: repositoryPolicy })).toBe("Allowed");
  });

  it("may not push to another repository of the account, which has no such policy", async () => {
    const resource = `arn:aws:ecr:ap-northeast-1:${account}:repository/billing-api`;
    expect(await decide({ principal: roleArn, action: "ecr:PutImage", resource }, { identity: [permissions] })).toBe("ImplicitlyDenied");
  });

  it("keeps only its own inline policy and no managed policy, removing any attached by hand", () => {
    expect(resourceUnder(tf, "aws_iam_role_policies_exclusive", "github-deploy-role").policy_names).toEqual([resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").name]);
    expect(resourceUnder(tf, "aws_iam_role_policy_attachments_exclusive", "github-deploy-role").policy_arns).toEqual([]);
  });

  it("outputs the role ARN for role-to-assume and the provider ARN", () => {
    expect(tf.output.github_deploy_role_arn.value).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
    expect(tf.output.github_oidc_provider_arn.value).toMatch(/^\$\{aws_iam_openid_connect_provider\..+\.arn\}$/);
  });
});

describe("prod repository policy (exclusive pull) and the deploy role", () => {
  const tf = synthStack("prod");
  const repositoryPolicy = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy);
  const permissions = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
  const deployRole = "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy";
  const otherRole = "arn:aws:iam::222222222222:role/data-science";
  const readEverything = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "ecr:*", Resource: "*" }] };
  const repository = "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api";

  it.each(["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"])("lets the deploy role %s (pull, and push's layer check)", async (action) => {
    const decision = await decide({ principal: deployRole, action, resource: repository }, { identity: [permissions], resource: repositoryPolicy });
    expect(decision).toBe("Allowed");
  });

  it("denies pulls by another role of the account, even one allowed ecr:* by its own policy", async () => {
    const decision = await decide(
      { principal: otherRole, action: "ecr:BatchGetImage", resource: repository },
      { identity: [readEverything], resource: repositoryPolicy },
    );
    expect(decision).toBe("ExplicitlyDenied");
  });

  it("need not wait for the deploy role: the repository policy names it only in a condition, which ECR does not resolve", () => {
    expect(onlyResource(tf, "aws_ecr_repository_policy").depends_on).toBeUndefined();
  });
});

describe("an environment that looks up the account's existing OIDC provider", () => {
  const tf = synthStack(environment("prod", (c) => (c.environments.prod.github.oidcProvider = "lookup")));

  it("creates no provider and reads the existing one", () => {
    expect(resourcesOf(tf, "aws_iam_openid_connect_provider")).toEqual([]);
    expect(Object.values(tf.data.aws_iam_openid_connect_provider)).toEqual([{ url: "https://token.actions.githubusercontent.com" }]);
  });

  it("outputs the looked-up provider's ARN", () => {
    expect(tf.output.github_oidc_provider_arn.value).toMatch(/^\$\{data\.aws_iam_openid_connect_provider\..+\.arn\}$/);
  });
});

describe("an environment with a custom role name and an ECS service", () => {
  const tf = synthStack(
    environment("poc", (c) =>
      Object.assign(c.environments.poc.github, {
        roleName: "ci-push",
        ecsDeploy: { cluster: "main", service: "demo-api", taskDefinitionFamily: "demo-api-web", passRoleArns: ["arn:aws:iam::111111111111:role/demo-api-task"] },
      }),
    ),
  );
  const permissions = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);

  it("names the role as configured", () => {
    expect(resourceUnder(tf, "aws_iam_role", "github-deploy-role").name).toBe("ci-push");
  });

  it.each([
    ["may", "demo-api-web", "Allowed"],
    ["may not", "demo-api", "ImplicitlyDenied"],
  ])("%s register a task definition of the family %s", async (_, family, decision) => {
    const request = { principal: "arn:aws:iam::111111111111:role/ci-push", action: "ecs:RegisterTaskDefinition", resource: `arn:aws:ecs:ap-northeast-1:111111111111:task-definition/${family}:3` };
    expect(await decide(request, { identity: [permissions] })).toBe(decision);
  });

  it("may update the configured service", async () => {
    const request = { principal: "arn:aws:iam::111111111111:role/ci-push", action: "ecs:UpdateService", resource: "arn:aws:ecs:ap-northeast-1:111111111111:service/main/demo-api" };
    expect(await decide(request, { identity: [permissions] })).toBe("Allowed");
  });
});

it("refuses a default role name longer than IAM allows at config time, pointing at github.roleName", () => {
  expect(() => environment("poc", (c) => (c.service = `demo-api-${"x".repeat(60)}`))).toThrow(
    /poc: service \+ environment make the IAM role name of the deploy role "demo-api-x+\.\.\." 87 characters; AWS allows at most 64\. Shorten service or environment by 23 characters, or set github\.roleName\./,
  );
});

describe.each([
  { env: "poc", account: "111111111111", claim: "ref:refs/heads/master" },
  { env: "prod", account: "222222222222", claim: "environment:prod" },
])("$env with GitHub's immutable subject form (github.ownerId/repositoryId)", ({ env, account, claim }) => {
  // GIVEN the repository's immutable ids in the config
  const config = environment(env, (c) => Object.assign(c.environments[env].github, { ownerId: 123456, repositoryId: 456789 }));
  const app = Testing.app() as App;
  const stack = new RegistryStack(app, config);
  const trust = JSON.parse(resourceUnder(JSON.parse(Testing.synth(stack)), "aws_iam_role", "github-deploy-role").assume_role_policy);
  const roleArn = `arn:aws:iam::${account}:role/demo-api-${env}-github-deploy`;
  const providerArn = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;

  it("passes every guardrail (DAR-IAM-1 knows the immutable prefix)", () => {
    expect(guardrailFindings(app).filter((f) => f.level === "error")).toEqual([]);
  });

  it(`lets repo:example-org@123456/demo-api@456789:${claim} assume the role`, async () => {
    expect(await decideAssumeRole(trust, roleArn, providerArn, { sub: `repo:example-org@123456/demo-api@456789:${claim}`, aud: AUD })).toBe("Allowed");
  });

  it("refuses the name-only claim, which a recycled name could present", async () => {
    expect(await decideAssumeRole(trust, roleArn, providerArn, { sub: `repo:example-org/demo-api:${claim}`, aud: AUD })).toBe("ImplicitlyDenied");
  });
});

describe("prod with enhanced scanning (scanning.engine enhanced)", () => {
  const app = Testing.app() as App;
  const stack = new RegistryStack(app, environment("prod", (c) => (c.environments.prod.scanning = { engine: "enhanced" })));
  const permissions = JSON.parse(resourceUnder(JSON.parse(Testing.synth(stack)), "aws_iam_role_policy", "github-deploy-role").policy);
  const roleArn = "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy";

  it("lets the deploy role read Inspector's coverage and findings, as the scan gate does", async () => {
    for (const action of ["inspector2:ListCoverage", "inspector2:ListFindings"]) {
      expect(await decide({ principal: roleArn, action, resource: "*" }, { identity: [permissions] })).toBe("Allowed");
    }
  });

  it("passes every guardrail (DAR-IAM-2 accepts * for these resourceless actions)", () => {
    expect(guardrailFindings(app).filter((f) => f.level === "error")).toEqual([]);
  });
});
