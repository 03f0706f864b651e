import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { App, AnnotationMetadataEntryType, Testing } from "cdktf";
import { enforceGuardrails, formatFinding, guardrailFindings, GuardrailError } from "../../guardrails/enforce";
import { Guardrails, type Finding } from "../../guardrails/guardrails-aspect";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment, environmentsWith } from "../support/config";
import { findingsFor, goodRepository, goodStackBasics, POC, PROD } from "../support/guardrails";

const summary = (findings: Finding[]) => findings.map((f) => `${f.level} ${f.ruleId} ${f.path}`);

describe("the guardrails aspect", () => {
  it("reports nothing for a stack that follows every rule", () => {
    const { findings } = findingsFor((s) => { goodStackBasics(s); goodRepository(s); });
    expect(findings).toEqual([]);
  });

  it("reports each violation once, as an error annotation with rule id and fix, even when visited again", () => {
    const { stack } = findingsFor((s) => { goodStackBasics(s); goodRepository(s, { imageTagMutability: "MUTABLE" }); });
    Testing.synth(stack); // cdktf invokes the aspect a second time
    const errors = stack.node.findChild("repository").node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR);
    expect(errors.map((m) => m.data)).toEqual([expect.stringMatching(/^DAR-ECR-2: .*MUTABLE.*\. Fix: set "tagMutability": "IMMUTABLE"/)]);
  });

  it("makes immutable tags a warning outside production", () => {
    const { findings } = findingsFor((s) => { goodStackBasics(s); goodRepository(s, { imageTagMutability: "MUTABLE" }); }, { context: POC });
    expect(summary(findings)).toEqual(["warning DAR-ECR-2 test/repository"]);
  });

  describe("suppressions", () => {
    const publicRepository = (s: Parameters<typeof goodStackBasics>[0]) => {
      goodStackBasics(s);
      goodRepository(s, { imageTagMutability: "MUTABLE" });
      new EcrRepositoryPolicy(s, "repository-policy", { repository: "demo-api", policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}' });
    };

    it("turn a violation into a reported suppression with its reason, for the whole environment", () => {
      const { findings } = findingsFor(publicRepository, { suppressions: [{ ruleId: "DAR-ECR-4", reason: "public base image" }] });
      expect(findings.find((f) => f.ruleId === "DAR-ECR-4")).toMatchObject({ level: "suppressed", reason: "public base image" });
    });

    it("leave no annotation behind: the app prints them once, cdktf would print annotations again", () => {
      const { stack } = findingsFor(publicRepository, { suppressions: [{ ruleId: "DAR-ECR-4", reason: "public base image" }] });
      const annotationTypes: string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];
      expect(stack.node.findChild("repository-policy").node.metadata.filter((m) => annotationTypes.includes(m.type))).toEqual([]);
    });

    it.each(["repository-policy", "test/repository-policy", "demo-api"])("apply to the resource named %s", (resource) => {
      const { findings } = findingsFor(publicRepository, { suppressions: [{ ruleId: "DAR-ECR-4", reason: "r", resource }] });
      expect(summary(findings)).toContain("suppressed DAR-ECR-4 test/repository-policy");
    });

    it("do not apply to other resources or other rules", () => {
      const { findings } = findingsFor(publicRepository, { suppressions: [{ ruleId: "DAR-ECR-4", reason: "r", resource: "other-repo" }, { ruleId: "DAR-ECR-1", reason: "r" }] });
      expect(summary(findings)).toEqual(expect.arrayContaining(["error DAR-ECR-4 test/repository-policy", "error DAR-ECR-2 test/repository"]));
    });

    it("that matched nothing are reported as warnings, so they cannot hide a future violation", () => {
      const { findings } = findingsFor((s) => { goodStackBasics(s); goodRepository(s); }, { suppressions: [{ ruleId: "DAR-ECR-1", reason: "r" }] });
      expect(findings).toEqual([expect.objectContaining({ level: "warning", ruleId: "DAR-ECR-1", details: ["the suppression of DAR-ECR-1 matched no violation"] })]);
    });

    it("without a reason are refused", () => {
      expect(() => new Guardrails({ context: PROD, suppressions: [{ ruleId: "DAR-ECR-1", reason: " " }] })).toThrow("the suppression of DAR-ECR-1 has no reason");
    });

    it("of an unknown rule are refused", () => {
      expect(() => new Guardrails({ context: PROD, suppressions: [{ ruleId: "DAR-NOPE", reason: "r" }] })).toThrow('suppression of unknown rule "DAR-NOPE"');
    });
  });
});

describe("acknowledgements", () => {
  const mutableRepository = (s: Parameters<typeof goodStackBasics>[0]) => {
    goodStackBasics(s);
    goodRepository(s, { imageTagMutability: "MUTABLE" });
  };
  const moves = { ruleId: "DAR-ECR-2", reason: "latest moves", resource: "demo-api" };

  it("turn a warning into acknowledged information with its reason", () => {
    const { findings } = findingsFor(mutableRepository, { context: POC, acknowledgements: [moves] });
    expect(findings).toEqual([expect.objectContaining({ level: "acknowledged", ruleId: "DAR-ECR-2", path: "test/repository", reason: "latest moves" })]);
  });

  it("never cover an error: the same finding in production still stops synth", () => {
    const { findings } = findingsFor(mutableRepository, { context: PROD, acknowledgements: [moves] });
    expect(summary(findings)).toEqual(["error DAR-ECR-2 test/repository", "warning DAR-ECR-2 test"]);
  });

  it("that matched no warning are reported as warnings", () => {
    const { findings } = findingsFor((s) => { goodStackBasics(s); goodRepository(s); }, { context: POC, acknowledgements: [moves] });
    expect(findings).toEqual([expect.objectContaining({ level: "warning", details: ['the acknowledgement of DAR-ECR-2 for "demo-api" matched no warning'] })]);
  });

  it("are printed after errors and warnings, with their reason", () => {
    const { findings } = findingsFor(mutableRepository, { context: POC, acknowledgements: [moves] });
    expect(formatFinding(findings[0])).toBe(
      'ACKNOWLEDGED DAR-ECR-2 [test/repository] repository "demo-api" has image_tag_mutability MUTABLE: an existing tag can be pointed at another image. Acknowledged: latest moves',
    );
  });
});

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
