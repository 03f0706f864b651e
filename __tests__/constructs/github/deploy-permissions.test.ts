import { deployPermissions, ecrRepositoryArn, githubDeployRoleArn, ecsServiceArn, ecsTaskDefinitionArn } from "../../../constructs/github/deploy-permissions";
import type { PolicyDocument } from "../../../constructs/policy-document";
import { repositoryPolicy } from "../../../constructs/registry/repository-policy";
import { decide } from "../../support/iam";

const ROLE = "arn:aws:iam::111111111111:role/demo-api-poc-github-deploy";
const DEMO_API = ecrRepositoryArn("ap-northeast-1", "111111111111", "demo-api");
const OTHER_REPO = ecrRepositoryArn("ap-northeast-1", "111111111111", "billing-api");
const TASK_ROLE = "arn:aws:iam::111111111111:role/demo-api-task";
const SERVICE = ecsServiceArn("ap-northeast-1", "111111111111", "main", "demo-api");

const ecrOnly = deployPermissions();
const TASK_DEFINITIONS = ecsTaskDefinitionArn("ap-northeast-1", "111111111111", "demo-api");
const withEcs = deployPermissions({
  ecsDeploy: { serviceArn: SERVICE, taskDefinitionArn: TASK_DEFINITIONS, passRoleArns: [TASK_ROLE] },
});

/**
 * IAM's decision with the role's identity policy and, for demo-api, the repository policy the stack attaches
 * (which grants the role its push). Another repository has no policy of ours.
 */
const decideWith = (identity: PolicyDocument = ecrOnly, scanning: "basic" | "enhanced" = "basic") => (action: string, resource: string) =>
  decide(
    { principal: ROLE, action, resource },
    { identity: [identity], resource: resource === DEMO_API ? repositoryPolicy({ accountId: "111111111111", pullPrincipalArns: [], deployRoleArn: ROLE, scanning }) : undefined },
  );

describe("deploy role permissions (ECR only)", () => {
  const can = decideWith();

  it("allows docker login", async () => {
    expect(await can("ecr:GetAuthorizationToken", "*")).toBe("Allowed");
  });

  it.each([
    "ecr:BatchCheckLayerAvailability",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
    "ecr:BatchGetImage",
    "ecr:DescribeImages",
  ])("allows %s on demo-api (push by digest, tag the gated digest, read the basic scan)", async (action) => {
    expect(await can(action, DEMO_API)).toBe("Allowed");
  });

  it.each(["ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImageScanFindings"])("does not allow %s, which the workflow does not use", async (action) => {
    expect(await can(action, DEMO_API)).toBe("ImplicitlyDenied");
  });

  it.each(["inspector2:ListCoverage", "inspector2:ListFindings"])("does not allow %s with basic scanning", async (action) => {
    expect(await can(action, "*")).toBe("ImplicitlyDenied");
  });

  it.each(["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:BatchGetImage"])("denies %s on another repository", async (action) => {
    expect(await can(action, OTHER_REPO)).toBe("ImplicitlyDenied");
  });

  it.each([
    "ecr:DeleteRepository",
    "ecr:SetRepositoryPolicy",
    "ecr:DeleteRepositoryPolicy",
    "ecr:PutLifecyclePolicy",
    "ecr:DeleteLifecyclePolicy",
    "ecr:BatchDeleteImage",
    "ecr:PutImageTagMutability",
    "ecr:PutImageScanningConfiguration",
  ])("denies %s on demo-api", async (action) => {
    expect(await can(action, DEMO_API)).toBe("ImplicitlyDenied");
  });

  it.each([
    ["iam:CreateRole", "arn:aws:iam::111111111111:role/backdoor"],
    ["iam:PassRole", TASK_ROLE],
    ["iam:AttachRolePolicy", ROLE],
    ["s3:GetObject", "arn:aws:s3:::example-org-demo-api-tfstate-poc/demo-api/poc/terraform.tfstate"],
    ["s3:PutObject", "arn:aws:s3:::example-org-demo-api-tfstate-poc/demo-api/poc/terraform.tfstate"],
    ["kms:Decrypt", "arn:aws:kms:ap-northeast-1:111111111111:key/0f2e9c1a-0000-4000-8000-000000000000"],
    ["ecs:UpdateService", SERVICE],
  ])("denies %s", async (action, resource) => {
    expect(await can(action, resource)).toBe("ImplicitlyDenied");
  });

  it("grants nothing on any repository by itself: each repository's own policy grants the push", async () => {
    const identityOnly = (action: string) => decide({ principal: ROLE, action, resource: DEMO_API }, { identity: [ecrOnly] });
    expect(await identityOnly("ecr:PutImage")).toBe("ImplicitlyDenied");
  });

  it("grants no resource wildcard but the one docker login needs", () => {
    const wildcards = ecrOnly.Statement.filter((s) => [s.Resource].flat().some((r) => r?.includes("*")));
    expect(wildcards.map((s) => s.Action)).toEqual(["ecr:GetAuthorizationToken"]);
  });
});

describe("deploy role permissions with enhanced scanning (Amazon Inspector)", () => {
  const enhanced = deployPermissions({ scanEngine: "enhanced" });
  const can = decideWith(enhanced, "enhanced");

  it.each(["inspector2:ListCoverage", "inspector2:ListFindings"])("allows %s, which the scan gate reads", async (action) => {
    expect(await can(action, "*")).toBe("Allowed");
  });

  it("does not allow ecr:DescribeImages, which the enhanced gate does not read", async () => {
    expect(await can("ecr:DescribeImages", DEMO_API)).toBe("ImplicitlyDenied");
  });

  it.each(["ecr:PutImage", "ecr:BatchGetImage"])("still allows %s on demo-api", async (action) => {
    expect(await can(action, DEMO_API)).toBe("Allowed");
  });

  it.each(["inspector2:UpdateConfiguration", "inspector2:Disable", "inspector2:CreateFilter"])("denies %s", async (action) => {
    expect(await can(action, "*")).toBe("ImplicitlyDenied");
  });
});

describe("deploy role permissions with an ECS service", () => {
  const can = decideWith(withEcs);

  it.each(["ecs:UpdateService", "ecs:DescribeServices"])("allows %s on the configured service", async (action) => {
    expect(await can(action, SERVICE)).toBe("Allowed");
  });

  it("denies updating another service", async () => {
    expect(await can("ecs:UpdateService", ecsServiceArn("ap-northeast-1", "111111111111", "main", "billing-api"))).toBe("ImplicitlyDenied");
  });

  it("allows registering a task definition of the configured family", async () => {
    expect(await can("ecs:RegisterTaskDefinition", "arn:aws:ecs:ap-northeast-1:111111111111:task-definition/demo-api:7")).toBe("Allowed");
  });

  it("denies registering a task definition of another family", async () => {
    expect(await can("ecs:RegisterTaskDefinition", "arn:aws:ecs:ap-northeast-1:111111111111:task-definition/billing-api:1")).toBe("ImplicitlyDenied");
  });

  it("allows describing task definitions, which have no resource type", async () => {
    expect(await can("ecs:DescribeTaskDefinition", "*")).toBe("Allowed");
  });

  it("grants resource wildcards only to actions that have no resource type", () => {
    const wildcards = withEcs.Statement.filter((s) => [s.Resource].flat().some((r) => r === "*"));
    expect(wildcards.map((s) => s.Action)).toEqual(["ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition"]);
  });

  it("passes the configured task role to ECS tasks", async () => {
    const decision = await decide(
      { principal: ROLE, action: "iam:PassRole", resource: TASK_ROLE },
      { identity: [withEcs] },
      { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    );
    expect(decision).toBe("Allowed");
  });

  it("does not pass the task role to another service", async () => {
    const decision = await decide(
      { principal: ROLE, action: "iam:PassRole", resource: TASK_ROLE },
      { identity: [withEcs] },
      { "iam:PassedToService": "lambda.amazonaws.com" },
    );
    expect(decision).toBe("ImplicitlyDenied");
  });

  it("does not pass other roles", async () => {
    const decision = await decide(
      { principal: ROLE, action: "iam:PassRole", resource: "arn:aws:iam::111111111111:role/admin" },
      { identity: [withEcs] },
      { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    );
    expect(decision).toBe("ImplicitlyDenied");
  });
});

it("cannot pass any role when the ECS rollout names none", async () => {
  const noPassRoles = deployPermissions({ ecsDeploy: { serviceArn: SERVICE, taskDefinitionArn: TASK_DEFINITIONS, passRoleArns: [] } });
  expect(await decide({ principal: ROLE, action: "iam:PassRole", resource: TASK_ROLE }, { identity: [noPassRoles] }, { "iam:PassedToService": "ecs-tasks.amazonaws.com" })).toBe(
    "ImplicitlyDenied",
  );
});

describe("the statements a reviewer reads in the IAM console", () => {
  it("names each statement, and grants iam:PassRole only when the rollout names a role to pass", () => {
    const sids = (document: PolicyDocument) => document.Statement.map((s) => s.Sid);
    expect(sids(deployPermissions({ scanEngine: "enhanced" }))).toEqual(["DockerLogin", "GateOnInspectorScan"]);
    expect(sids(withEcs)).toEqual(["DockerLogin", "DescribeTaskDefinition", "RegisterTaskDefinition", "DeployService", "PassTaskRolesToEcsTasks"]);
    // IAM rejects a statement with an empty Resource list (MalformedPolicyDocument), so no roles means no statement.
    expect(sids(deployPermissions({ ecsDeploy: { serviceArn: SERVICE, taskDefinitionArn: TASK_DEFINITIONS, passRoleArns: [] } }))).not.toContain("PassTaskRolesToEcsTasks");
  });

  it("lists the roles it may pass once each, sorted, so a plan shows no change when the config order does", () => {
    const policy = deployPermissions({ ecsDeploy: { serviceArn: SERVICE, taskDefinitionArn: TASK_DEFINITIONS, passRoleArns: [TASK_ROLE, "arn:aws:iam::111111111111:role/a-role", TASK_ROLE] } });
    expect(policy.Statement.at(-1)?.Resource).toEqual(["arn:aws:iam::111111111111:role/a-role", TASK_ROLE]);
  });

  it("names the deploy role by the ARN IAM gives it, which the repository policies compare as text", () => {
    expect(githubDeployRoleArn("111111111111", "demo-api-poc-github-deploy")).toBe("arn:aws:iam::111111111111:role/demo-api-poc-github-deploy");
  });
});
