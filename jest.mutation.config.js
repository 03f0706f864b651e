/**
 * The Jest config of mutation runs (`npm run test:mutation`, stryker.config.mjs): the project's config (same swc
 * transform, same setup), the builder-level suites only, plus what Stryker needs. docs/testing.md says why.
 */
const path = require("node:path");
const base = require("./jest.config");

/**
 * Left out of mutation runs:
 * - processes, not logic: the synth CLI flow, the push workflow's scripts and schema, the synth-time budget,
 *   each script's --help, and the generated-config property test (hundreds of random apps; its invariant, "no
 *   stack trace", judges no policy or rule);
 * - suites that synthesize whole stacks (they check how the stacks compose the builders): each synthesizes every
 *   builder, so each would be loaded for every mutant (~0.5 s a file), and a mutant that breaks the example
 *   config would fail their loading instead of a test. The builders' own suites must kill the mutants.
 */
const LEFT_OUT = [
  "(synth|examples|performance|scripts|stacks)/",
  "config/(generated-configs|committed-config|datadog-config)\\.test\\.ts$",
  "constructs/alerting/(critical-findings-monitor|delivery-alarms|scan-findings-alert)\\.test\\.ts$",
  "constructs/registry/registry-scanning\\.test\\.ts$",
  "constructs/resource-names\\.test\\.ts$",
  "tools/lifecycle-preview/run\\.test\\.ts$",
];

module.exports = {
  ...base,
  // Where Stryker has no per-test coverage it runs the test files that import the mutated file (jest
  // --findRelatedTests), and Jest follows imports only through files under its roots.
  roots: ["__tests__", "config", "constructs", "guardrails", "stacks", "tools"].map((dir) => `<rootDir>/${dir}`),
  testPathIgnorePatterns: ["/node_modules/", ...LEFT_OUT.map((pattern) => `<rootDir>/__tests__/${pattern}`)],
  testEnvironment: path.join(__dirname, "__tests__", "support", "mutation", "jest-environment.js"),
};
