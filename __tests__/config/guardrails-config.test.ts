import { configErrorFor, environment } from "../support/config";

const suppress = (suppression: object) => (config: any) => {
  config.environments.prod.guardrails = { suppressions: [suppression] };
};

describe("guardrails.suppressions in the config", () => {
  it("defaults to none", () => {
    expect(environment("prod", (c) => delete c.environments.prod.guardrails).guardrails).toEqual({ suppressions: [], acknowledgements: [] });
  });

  it("rejects a suppression without a reason", () => {
    expect(configErrorFor(suppress({ ruleId: "DAR-ECR-5" }))).toContain("prod.guardrails.suppressions[0].reason: expected a string, got nothing. Add the field");
  });

  it("rejects a blank reason", () => {
    expect(configErrorFor(suppress({ ruleId: "DAR-ECR-5", reason: "  " }))).toContain(
      "prod.guardrails.suppressions[0].reason: expected a non-empty reason: say why the rule does not apply here",
    );
  });

  it("rejects an unknown rule id, listing the known ones", () => {
    expect(configErrorFor(suppress({ ruleId: "DAR-ECR-9", reason: "r" }))).toContain(
      'prod.guardrails.suppressions[0].ruleId: expected a guardrail rule id, one of DAR-ECR-1, DAR-ECR-2',
    );
  });

  it("rejects an empty resource", () => {
    expect(configErrorFor(suppress({ ruleId: "DAR-ECR-5", reason: "r", resource: "" }))).toContain(
      "prod.guardrails.suppressions[0].resource: expected a construct path suffix or a repository name",
    );
  });
});

describe("guardrails.acknowledgements in the config", () => {
  const acknowledge = (env: "poc" | "prod", acknowledgement: object) => (config: any) => {
    config.environments[env].guardrails = { acknowledgements: [acknowledgement] };
  };

  it("accepts a rule that warns in the environment, e.g. mutable tags outside production", () => {
    expect(environment("poc", acknowledge("poc", { ruleId: "DAR-ECR-2", reason: "latest moves" })).guardrails.acknowledgements).toEqual([
      { ruleId: "DAR-ECR-2", reason: "latest moves" },
    ]);
  });

  it("rejects acknowledging a rule that is an error in the environment, pointing at a fix or a suppression", () => {
    expect(configErrorFor(acknowledge("prod", { ruleId: "DAR-ECR-2", reason: "latest moves" }))).toContain(
      'prod.guardrails.acknowledgements[0].ruleId: expected a rule that only warns in this environment, got DAR-ECR-2, an error when "production" is true. Fix the finding, or if the rule does not apply here, move the entry to guardrails.suppressions.',
    );
  });

  it("rejects acknowledging a rule that is always an error", () => {
    expect(configErrorFor(acknowledge("poc", { ruleId: "DAR-ECR-1", reason: "r" }))).toContain(
      "poc.guardrails.acknowledgements[0].ruleId: expected a rule that only warns in this environment, got DAR-ECR-1, an error. Fix the finding",
    );
  });

  it("rejects an acknowledgement without a reason", () => {
    expect(configErrorFor(acknowledge("poc", { ruleId: "DAR-ECR-5", reason: "" }))).toContain(
      "poc.guardrails.acknowledgements[0].reason: expected a non-empty reason: say why this is the design (it is printed on every synth)",
    );
  });
});
