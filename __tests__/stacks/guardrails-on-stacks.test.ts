import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { App, Testing } from "cdktf";
import { enforceGuardrails, guardrailFindings, GuardrailError } from "../../guardrails/enforce";
import type { Finding } from "../../guardrails/guardrails-aspect";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment, environmentsWith } from "../support/config";

// The rule pack on whole stacks: what the example environments report, and unsafe changes made to a
// synthesized stack (guardrails-aspect.test.ts checks the Aspect and enforcement on small stacks).

const summary = (findings: Finding[]) => findings.map((f) => `${f.level} ${f.ruleId} ${f.path}`);

describe("enforceGuardrails", () => {
  it("lists every error of every stack, with rule id, construct path and fix", () => {
    const app = Testing.app() as App;
    for (const env of environmentsWith((c) => {
      c.environments.prod.repositories[0].tagMutability = "MUTABLE";
      c.environments.poc.repositories[0].lifecycleRules = [
        { rulePriority: 1, tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 30 },
      ];
    })) new RegistryStack(app, env);
    let error: GuardrailError | undefined;
    try {
      enforceGuardrails(app);
    } catch (e) {
      error = e as GuardrailError;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    expect(error!.message).toMatch(/^Guardrails failed with 2 errors; nothing was synthesized\./);
    expect(error!.message).toContain('ERROR DAR-ECR-2 [prod/repository-demo-api/repository] repository "demo-api" has image_tag_mutability MUTABLE');
    expect(error!.message).toContain("Fix: set \"tagMutability\": \"IMMUTABLE\"");
    expect(error!.message).toContain("ERROR DAR-ECR-3 [poc/repository-demo-api/repository]");
  });
});

describe("enforceGuardrails on unsafe construct changes the config cannot express", () => {
  const errorOf = (change: (stack: RegistryStack) => void) => {
    const app = Testing.app() as App;
    const stack = new RegistryStack(app, environment("prod"));
    change(stack);
    try {
      enforceGuardrails(app);
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };

  it("refuses scan on push turned off", () => {
    expect(errorOf((s) => s.repositories[0].repository.putImageScanningConfiguration({ scanOnPush: false }))).toContain("ERROR DAR-ECR-1 [prod/repository-demo-api/repository]");
  });

  it("refuses a deploy role that trusts a wildcard subject", () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*" },
        },
      }],
    };
    expect(errorOf((s) => s.deployRole.role.addOverride("assume_role_policy", JSON.stringify(trust)))).toContain(
      "ERROR DAR-IAM-1 [prod/github-deploy-role/role]",
    );
  });

  it("refuses a deploy role permission with a wildcard action", () => {
    const permissions = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] });
    expect(errorOf((s) => s.deployRole.permissions.addOverride("policy", permissions))).toMatch(/ERROR DAR-IAM-2 \[prod\/github-deploy-role\/permissions\].*every action of a service, "ecr:\*"/);
  });

  it("refuses a public repository policy", () => {
    const publicPolicy = '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"ecr:BatchGetImage"}]}';
    expect(errorOf((s) => new EcrRepositoryPolicy(s.repositories[0], "public", { repository: "demo-api", policy: publicPolicy }))).toContain("ERROR DAR-ECR-4 [prod/repository-demo-api/public]");
  });
});

it("passes the committed prod config with an ECS rollout configured for the deploy role", () => {
  const app = Testing.app() as App;
  const ecsDeploy = { cluster: "main", service: "demo-api", passRoleArns: ["arn:aws:iam::222222222222:role/demo-api-task"] };
  new RegistryStack(app, environment("prod", (c) => (c.environments.prod.github.ecsDeploy = ecsDeploy)));
  expect(guardrailFindings(app).filter((f) => f.level === "error")).toEqual([]);
});

describe.each(["poc", "prod"])("the example %s environment", (name) => {
  const app = Testing.app() as App;
  new RegistryStack(app, environment(name));
  const findings = guardrailFindings(app);

  it("has no guardrail errors", () => {
    expect(findings.filter((f) => f.level === "error")).toEqual([]);
  });

  it("reports no warning: poc's mutable tags and AES256 instead of KMS are acknowledged design decisions", () => {
    expect(summary(findings).sort()).toEqual(
      [
        ...(name === "poc" ? ["acknowledged DAR-ECR-2 poc/repository-demo-api/repository"] : []),
        `acknowledged DAR-ECR-5 ${name}/repository-demo-api/repository`,
      ].sort(),
    );
  });
});
