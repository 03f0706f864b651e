import { policyDocument, type PolicyDocument } from "../../../constructs/policy-document";
import { inspectorServiceLinkedRoleArn, repositoryPolicy, type RepositoryPolicyProps } from "../../../constructs/registry/repository-policy";
import { decide, decideAsService } from "../../support/iam";

const ACCOUNT = "222222222222";
const REPOSITORY = `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/demo-api`;
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-api-ecs-task-execution`;
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-api-prod-github-deploy`;
const TERRAFORM = `arn:aws:iam::${ACCOUNT}:role/demo-api-terraform-deploy`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/break-glass`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/some-other-service`;
const INSPECTOR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`;

const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
const PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
const GUARDED = [
  "ecr:SetRepositoryPolicy",
  "ecr:DeleteRepositoryPolicy",
  "ecr:PutLifecyclePolicy",
  "ecr:DeleteLifecyclePolicy",
  "ecr:PutImageTagMutability",
  "ecr:PutImageScanningConfiguration",
  "ecr:BatchDeleteImage",
  "ecr:DeleteRepository",
];

/** What a broad same-account identity policy looks like (an administrator, a CI role with ecr:*). */
const EVERY_ECR_ACTION = policyDocument({ Effect: "Allow", Action: "ecr:*", Resource: "*" });
/** The ECR statement of AWS's AmazonECSTaskExecutionRolePolicy. */
const ECS_TASK_EXECUTION_POLICY = policyDocument({
  Effect: "Allow",
  Action: ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
  Resource: "*",
});
/** The deploy role's own identity policy: docker login only; its repositories grant it the push. */
const DEPLOY_ROLE_POLICY = policyDocument({ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
/** What the reference workflow does on the repository: push by digest, tag by putting the manifest again, read the basic scan. */
const DEPLOY_ACTIONS = [...PUSH, "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages"];
/** The ECR pulls of AWS's AmazonInspector2ServiceRolePolicy (statement "PackageVulnerabilityScanning"). */
const INSPECTOR_POLICY = policyDocument({ Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"], Resource: "*" });

function policy(props: Partial<RepositoryPolicyProps> = {}): PolicyDocument {
  return repositoryPolicy({ accountId: ACCOUNT, pullPrincipalArns: [EXECUTION_ROLE], deployRoleArn: DEPLOY_ROLE, ...props });
}

/** The production policy: the guard on, administered by the Terraform deploy principal, break-glass and root. */
const guarded = (props: Partial<RepositoryPolicyProps> = {}) => policy({ guard: { administratorArns: [TERRAFORM, BREAK_GLASS, ROOT] }, ...props });

async function decision(principal: string, action: string, resource: PolicyDocument, identity: PolicyDocument[] = []) {
  return decide({ principal, action, resource: REPOSITORY }, { resource, identity });
}

describe("repository policy without the guard", () => {
  it.each(DEPLOY_ACTIONS)("grants the deploy role %s, which its own identity policy does not", async (action) => {
    const nobodyPulls = repositoryPolicy({ accountId: ACCOUNT, pullPrincipalArns: [], deployRoleArn: DEPLOY_ROLE });
    expect(await decision(DEPLOY_ROLE, action, nobodyPulls, [DEPLOY_ROLE_POLICY])).toBe("Allowed");
  });

  it.each(["ecr:GetDownloadUrlForLayer", "ecr:DescribeImageScanFindings", "ecr:BatchDeleteImage"])("grants the deploy role nothing else: %s", async (action) => {
    expect(await decision(DEPLOY_ROLE, action, policy(), [DEPLOY_ROLE_POLICY])).toBe("ImplicitlyDenied");
  });

  it("does not grant ecr:DescribeImages with enhanced scanning, whose gate reads Inspector", async () => {
    expect(await decision(DEPLOY_ROLE, "ecr:DescribeImages", policy({ scanning: "enhanced" }), [DEPLOY_ROLE_POLICY])).toBe("ImplicitlyDenied");
  });

  it("never grants ecr:GetAuthorizationToken, which belongs in identity policies", () => {
    const actions = guarded().Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain("ecr:GetAuthorizationToken");
  });

  describe.each(PULL)("%s", (action) => {
    it("is allowed to a listed principal that has no identity policy", async () => {
      expect(await decision(EXECUTION_ROLE, action, policy())).toBe("Allowed");
    });

    it("is still allowed to other same-account principals with broad identity policies when pull is not exclusive", async () => {
      expect(await decision(OTHER_ROLE, action, policy({ exclusivePull: false }), [EVERY_ECR_ACTION])).toBe("Allowed");
    });

    it("is denied to every other principal, even one with broad identity policies, when pull is exclusive", async () => {
      expect(await decision(OTHER_ROLE, action, policy({ exclusivePull: true }), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
    });

    it("is still allowed to a listed principal when pull is exclusive", async () => {
      expect(await decision(EXECUTION_ROLE, action, policy({ exclusivePull: true }))).toBe("Allowed");
    });

    it("is not denied to the deploy role when pull is exclusive (a push checks layers with it)", async () => {
      expect(await decision(DEPLOY_ROLE, action, policy({ exclusivePull: true }), [EVERY_ECR_ACTION])).toBe("Allowed");
    });
  });

  it("does not let a listed principal push", async () => {
    expect(await decision(EXECUTION_ROLE, "ecr:PutImage", policy({ exclusivePull: true }))).toBe("ImplicitlyDenied");
  });

  it("leaves repository changes to IAM: a role allowed ecr:* may change the policy", async () => {
    expect(await decision(OTHER_ROLE, "ecr:SetRepositoryPolicy", policy({ exclusivePull: true }), [EVERY_ECR_ACTION])).toBe("Allowed");
  });
});

describe("repository policy with the guard (production)", () => {
  describe("a same-account role allowed ecr:* by its own IAM policy", () => {
    it.each(GUARDED)("is denied %s", async (action) => {
      expect(await decision(OTHER_ROLE, action, guarded(), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
    });

    it.each(PUSH)("is denied the push action %s", async (action) => {
      expect(await decision(OTHER_ROLE, action, guarded(), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
    });

    it.each(PULL)("is denied the pull action %s", async (action) => {
      expect(await decision(OTHER_ROLE, action, guarded(), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
    });
  });

  it.each(GUARDED)("lets the Terraform deploy principal %s", async (action) => {
    expect(await decision(TERRAFORM, action, guarded(), [EVERY_ECR_ACTION])).toBe("Allowed");
  });

  it.each(["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"])("lets the break-glass principal %s", async (action) => {
    expect(await decision(BREAK_GLASS, action, guarded(), [EVERY_ECR_ACTION])).toBe("Allowed");
  });

  it("lets the account's root user change the repository policy", async () => {
    // The root user has every permission without a policy; the simulator needs it written down.
    expect(await decision(ROOT, "ecr:SetRepositoryPolicy", guarded(), [EVERY_ECR_ACTION])).toBe("Allowed");
  });

  it.each(PULL)("lets the ECS task execution role %s with AWS's managed execution policy", async (action) => {
    expect(await decision(EXECUTION_ROLE, action, guarded(), [ECS_TASK_EXECUTION_POLICY])).toBe("Allowed");
  });

  it.each(DEPLOY_ACTIONS)("lets the deploy role %s", async (action) => {
    expect(await decision(DEPLOY_ROLE, action, guarded(), [DEPLOY_ROLE_POLICY])).toBe("Allowed");
  });

  it.each(["ecr:SetRepositoryPolicy", "ecr:BatchDeleteImage"])("denies the deploy role %s even if someone allows it ecr:*", async (action) => {
    expect(await decision(DEPLOY_ROLE, action, guarded(), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
  });

  it("does not let the Terraform deploy principal push: pushes are the deploy role's only", async () => {
    expect(await decision(TERRAFORM, "ecr:PutImage", guarded(), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
  });

  describe("AWS services", () => {
    // Lambda's documented repository policy statement for functions deployed from a container image.
    const lambdaPull = { Effect: "Allow" as const, Principal: { Service: "lambda.amazonaws.com" }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] };

    it.each(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])("lets Lambda's service principal %s once the policy allows it", async (action) => {
      const withLambda = policyDocument(...guarded().Statement, lambdaPull);
      expect(await decideAsService({ principal: "lambda.amazonaws.com", action, resource: REPOSITORY }, { resource: withLambda })).toBe("Allowed");
    });

    it("never explicitly denies a service principal: without an Allow it is only not granted", async () => {
      expect(await decideAsService({ principal: "lambda.amazonaws.com", action: "ecr:BatchGetImage", resource: REPOSITORY }, { resource: guarded() })).toBe(
        "ImplicitlyDenied",
      );
    });

    it.each(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])("lets Inspector's service-linked role %s with enhanced scanning", async (action) => {
      expect(await decision(INSPECTOR, action, guarded({ scanning: "enhanced" }), [INSPECTOR_POLICY])).toBe("Allowed");
    });

    it("denies Inspector's service-linked role pulls with basic scanning, which does not use it", async () => {
      expect(await decision(INSPECTOR, "ecr:BatchGetImage", guarded({ scanning: "basic" }), [INSPECTOR_POLICY])).toBe("ExplicitlyDenied");
    });

    it("does not let Inspector's service-linked role change the repository", async () => {
      expect(await decision(INSPECTOR, "ecr:SetRepositoryPolicy", guarded({ scanning: "enhanced" }), [EVERY_ECR_ACTION])).toBe("ExplicitlyDenied");
    });
  });

  it("names no IAM principal in a Principal element, so ECR accepts it before the roles exist and after they are recreated", () => {
    // ECR resolves Principal ARNs ("Principal not found"); aws:PrincipalArn condition values are compared as text.
    expect(guarded({ scanning: "enhanced" }).Statement.map((s) => s.Principal)).toEqual(["*", "*", "*", "*", "*"]);
  });
});

describe("the policy document", () => {
  it("names its statements and lists each pull principal once, sorted, so a plan shows no change when the config order does", () => {
    const document = guarded({ pullPrincipalArns: [OTHER_ROLE, EXECUTION_ROLE, OTHER_ROLE] });
    expect(document.Statement.map((s) => s.Sid)).toEqual(["AllowDeployRolePush", "AllowPull", "DenyPullToEveryoneElse", "DenyPushToEveryoneElse", "DenyRepositoryChangesToEveryoneElse"]);
    expect(document.Statement[1].Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [EXECUTION_ROLE, OTHER_ROLE] } });
  });

  it("lets Inspector's service-linked role of the repository's account through, by its documented ARN", () => {
    expect(inspectorServiceLinkedRoleArn("333333333333")).toBe(
      "arn:aws:iam::333333333333:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2",
    );
  });
});
