// @ts-check
/**
 * Mutation testing (`npm run test:mutation`): does the suite fail when the policy builders, the subject checks,
 * the lifecycle and alerting builders and the guardrails are weakened? Not part of `npm test` or CI; run it
 * before merging a change to one of the files below. docs/testing.md explains the choices and lists the survivors.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  mutate: [
    "constructs/policy-document.ts",
    "constructs/guard.ts",
    "constructs/resource-names.ts",
    "constructs/service-limits.ts",
    "constructs/github/subjects.ts",
    "constructs/github/trust-policy.ts",
    "constructs/github/deploy-permissions.ts",
    "constructs/registry/repository-policy.ts",
    "constructs/registry/lifecycle-rules.ts",
    "constructs/state/state-policies.ts",
    "constructs/alerting/scan-findings-events.ts",
    "constructs/alerting/scan-findings-policies.ts",
    "constructs/alerting/monitor-definitions.ts",
    "guardrails/**/*.ts",
  ],
  plugins: ["@stryker-mutator/jest-runner", "./__tests__/support/mutation/stryker-jest-runner.mjs"],
  // Stryker's Jest runner, loading only the test files of the covering tests (see that file).
  testRunner: "jest-covering-files",
  jest: { configFile: "jest.mutation.config.js", enableFindRelatedTests: true },
  coverageAnalysis: "perTest",
  // A mutant no test body (nor a unit test file's loading) reaches is reported as Ignored, not run against
  // every test: see __tests__/support/mutation/jest-environment.js. docs/testing.md lists how many and why.
  ignoreStatic: true,
  // Two cores: two Jest processes. Timeouts are generous because other work may share the machine.
  concurrency: 2,
  // Each run leaves part of Jest's module registry behind (~1.6 GB per process after 10 minutes) and the runs slow
  // down with it; a fresh runner every 100 mutants keeps the pace (a restart costs ~3 s).
  maxTestRunnerReuse: 100,
  timeoutMS: 20000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
