import { policyDocument, type PolicyDocument, type PolicyStatement } from "../policy-document";

/**
 * What the reference workflow (examples/github-actions/) does on the environment's repositories:
 * push layers and the manifest by digest, then tag the gated digest by reading its manifest
 * (`batch-get-image`) and putting it again under the tag (`put-image`).
 */
const PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  "ecr:BatchGetImage",
] as const;

/** Basic scanning: the scan gate reads the image's scan status, completion time and severity counts with `describe-images`. */
const BASIC_SCAN_GATE_ACTIONS = ["ecr:DescribeImages"] as const;

/**
 * Enhanced scanning (Amazon Inspector): the scan gate waits for Inspector's coverage of the image
 * (`list-coverage`), then reads its findings (`list-findings`). Neither action has a resource type in
 * the Service Authorization Reference ("Actions defined by Amazon Inspector2"), so `*` is the only resource.
 */
const ENHANCED_SCAN_GATE_ACTIONS = ["inspector2:ListCoverage", "inspector2:ListFindings"] as const;

/** The ECS service `aws-actions/amazon-ecs-deploy-task-definition` rolls out, as ARNs. */
export interface EcsDeployTarget {
  /** `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>`. */
  readonly serviceArn: string;
  /** Every revision of the task definition family the workflow registers: `arn:aws:ecs:<region>:<account>:task-definition/<family>:*`. */
  readonly taskDefinitionArn: string;
  /** Task and execution roles the new task definition names; passed to ECS tasks only. */
  readonly passRoleArns: readonly string[];
}

export interface DeployPermissionsProps {
  /**
   * The environment's scanning engine (`scanning.engine`): which reads the scan gate needs.
   * @default "basic"
   */
  readonly scanEngine?: "basic" | "enhanced";
  /**
   * Also let the workflow register a task definition and update this service.
   * @default undefined (ECR only)
   */
  readonly ecsDeploy?: EcsDeployTarget;
}

/** `arn:aws:iam::<account>:role/<name>`: known before apply, so repository policies can name the role as plain JSON. */
export function githubDeployRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** `arn:aws:ecr:<region>:<account>:repository/<name>`: known before apply, so the policy JSON has no Terraform tokens. */
export function ecrRepositoryArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ecr:${region}:${accountId}:repository/${name}`;
}

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>` (the long ARN format, the default since 2021). */
export function ecsServiceArn(region: string, accountId: string, cluster: string, service: string): string {
  return `arn:aws:ecs:${region}:${accountId}:service/${cluster}/${service}`;
}

/** Every revision of a task definition family: `arn:aws:ecs:<region>:<account>:task-definition/<family>:*`. */
export function ecsTaskDefinitionArn(region: string, accountId: string, family: string): string {
  return `arn:aws:ecs:${region}:${accountId}:task-definition/${family}:*`;
}

function ecsStatements(target: EcsDeployTarget): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    // DescribeTaskDefinition has no resource type (Service Authorization Reference), so "*" is the only possible resource.
    { Sid: "DescribeTaskDefinition", Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "*" },
    { Sid: "RegisterTaskDefinition", Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: target.taskDefinitionArn },
    { Sid: "DeployService", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:DescribeServices"], Resource: target.serviceArn },
  ];
  if (target.passRoleArns.length > 0) {
    statements.push({
      Sid: "PassTaskRolesToEcsTasks",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [...new Set(target.passRoleArns)].sort(),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
  }
  return statements;
}

/**
 * What the deploy role does on each of its repositories: push, tag by digest and (basic scanning) read the scan.
 * Each repository's own policy grants these to the role (constructs/registry/repository-policy.ts), as ECR allows
 * ("A user or role only needs to be allowed permission for an action through either a repository policy or an IAM
 * policy", ECR user guide, "Repository policies vs IAM policies"): the role's identity policy then stays the same
 * size whatever the number of repositories, and IAM's 10,240-character limit on a role's inline policies never binds.
 */
export function deployRepositoryActions(engine: "basic" | "enhanced" = "basic"): string[] {
  return engine === "basic" ? [...PUSH_ACTIONS, ...BASIC_SCAN_GATE_ACTIONS] : [...PUSH_ACTIONS];
}

/**
 * The deploy role's identity policy: what has no repository to grant it (docker login, Inspector's reads, the
 * optional ECS rollout). Pushes are granted by each repository's policy (`deployRepositoryActions`).
 */
export function deployPermissions(props: DeployPermissionsProps = {}): PolicyDocument {
  return policyDocument(
    // docker login: the action has no resource type, so "*" is the only possible resource; ECR requires it in an IAM policy.
    { Sid: "DockerLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ...(props.scanEngine === "enhanced" ? [{ Sid: "GateOnInspectorScan", Effect: "Allow" as const, Action: ENHANCED_SCAN_GATE_ACTIONS, Resource: "*" }] : []),
    ...(props.ecsDeploy ? ecsStatements(props.ecsDeploy) : []),
  );
}
