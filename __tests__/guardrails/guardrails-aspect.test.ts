import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import { enforceGuardrails, formatFinding, GuardrailError, sortedFindings } from "../../guardrails/enforce";
import { Guardrails, type Finding } from "../../guardrails/guardrails-aspect";
import type { Suppression } from "../../guardrails/suppression";
import { findingsFor, goodRepository, goodStackBasics, POC, PROD, testStack } from "../support/guardrails";

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

  it("adds no error annotation for a warning, so `cdktf synth` does not fail on it", () => {
    const { stack } = findingsFor((s) => { goodStackBasics(s); goodRepository(s, { imageTagMutability: "MUTABLE" }); }, { context: POC });
    expect(stack.node.findChild("repository").node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR)).toEqual([]);
  });

  it("reports errors first, then warnings, then what the config suppressed or acknowledged", () => {
    const finding = (level: Finding["level"]): Finding => ({ ruleId: "DAR-ECR-2", level, path: "p", details: ["d"], fix: "f", reason: "r" });
    const levels = sortedFindings(["acknowledged", "suppressed", "warning", "error"].map((l) => finding(l as Finding["level"]))).map((f) => f.level);
    expect(levels).toEqual(["error", "warning", "suppressed", "acknowledged"]);
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
  const appWith = (build: (stack: TerraformStack) => void, options: { suppressions?: Suppression[]; acknowledgements?: Suppression[] } = {}): IConstruct => {
    const stack = testStack(build);
    Aspects.of(stack).add(new Guardrails({ context: PROD, ...options }));
    return stack.node.scope!;
  };
  const mutableAes = (s: TerraformStack) => {
    goodStackBasics(s);
    goodRepository(s, { imageTagMutability: "MUTABLE", encryptionConfiguration: [{ encryptionType: "AES256" }] });
  };

  it("stops synth on an error, listing every finding, errors first, with rule id, construct path and fix", () => {
    expect(() => enforceGuardrails(appWith(mutableAes))).toThrow(
      "Guardrails failed with 1 error; nothing was synthesized.\n" +
            '  ERROR DAR-ECR-2 [test/repository] repository "demo-api" has image_tag_mutability MUTABLE: an existing tag can be pointed at another image. ' +
            'Fix: set "tagMutability": "IMMUTABLE" for the repository in config/environments.json and deploy by new tags (or digests)\n' +
            '  WARNING DAR-ECR-5 [test/repository] repository "demo-api" is encrypted with AES256, not a KMS key. ' +
            'Fix: set "encryption": { "type": "KMS", "kmsKeyArn": "<customer managed key ARN>" } for the repository (only at creation: ECR cannot change it later)',
    );
  });

  it("counts the errors of every stack", () => {
    const app = appWith(mutableAes);
    const second = new TerraformStack(app, "second");
    goodStackBasics(second);
    goodRepository(second, { imageTagMutability: "MUTABLE" });
    Aspects.of(second).add(new Guardrails({ context: PROD }));
    expect(() => enforceGuardrails(app)).toThrow(/^Guardrails failed with 2 errors; nothing was synthesized\./);
  });

  it("throws a GuardrailError carrying the findings", () => {
    let error: unknown;
    try {
      enforceGuardrails(appWith(mutableAes));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    expect(summary([...(error as GuardrailError).findings])).toEqual(["error DAR-ECR-2 test/repository", "warning DAR-ECR-5 test/repository"]);
  });

  it("lets synth go on without an error, returning warnings, then suppressions, then acknowledgements", () => {
    const findings = enforceGuardrails(
      appWith(mutableAes, {
        suppressions: [{ ruleId: "DAR-ECR-2", reason: "migration" }],
        acknowledgements: [{ ruleId: "DAR-ECR-1", reason: "stale" }],
      }),
    );
    expect(findings.map(formatFinding)).toEqual([
      'WARNING DAR-ECR-5 [test/repository] repository "demo-api" is encrypted with AES256, not a KMS key. Fix: set "encryption": { "type": "KMS", "kmsKeyArn": "<customer managed key ARN>" } for the repository (only at creation: ECR cannot change it later)',
      "WARNING DAR-ECR-1 [test] the acknowledgement of DAR-ECR-1 matched no warning. Fix: remove it from the environment's guardrails.acknowledgements, so it cannot hide a future finding",
      'SUPPRESSED DAR-ECR-2 [test/repository] repository "demo-api" has image_tag_mutability MUTABLE: an existing tag can be pointed at another image. Suppressed: migration',
    ]);
  });

  it("names the resource of a stale suppression", () => {
    const findings = enforceGuardrails(appWith((s) => { goodStackBasics(s); goodRepository(s); }, { suppressions: [{ ruleId: "DAR-ECR-4", reason: "r", resource: "demo-api" }] }));
    expect(findings.map(formatFinding)).toEqual([
      `WARNING DAR-ECR-4 [test] the suppression of DAR-ECR-4 for "demo-api" matched no violation. Fix: remove it from the environment's guardrails.suppressions, so it cannot hide a future finding`,
    ]);
  });
});
