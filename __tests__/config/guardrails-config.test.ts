import { configErrorFor, environment } from "../support/config";

const suppress = (suppression: object) => (config: any) => {
  config.environments.prod.guardrails = { suppressions: [suppression] };
};

describe("guardrails.suppressions in the config", () => {
  it("defaults to none", () => {
    expect(environment("prod", (c) => delete c.environments.prod.guardrails).guardrails).toEqual({ suppressions: [] });
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
      'prod.guardrails.suppressions[0].ruleId: unknown guardrail rule "DAR-ECR-9"; expected one of DAR-ECR-1, DAR-ECR-2',
    );
  });

  it("rejects an empty resource", () => {
    expect(configErrorFor(suppress({ ruleId: "DAR-ECR-5", reason: "r", resource: "" }))).toContain(
      "prod.guardrails.suppressions[0].resource: expected a construct path suffix or a repository name",
    );
  });
});
