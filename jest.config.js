/** Transpile-only (swc): type checking runs once in `npm test` through `tsc --noEmit`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // Jest's default (cores - 1) runs in band on 2 cores; each test file loads cdktf anew, so two
  // workers finish ~15 % sooner there (5.3 s vs 6.1 s) and use every core on bigger machines.
  maxWorkers: "100%",
};
