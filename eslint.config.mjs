import tseslint from "typescript-eslint";

// A root import of a provider package loads every resource binding: ~4 s per process. Both frameworks' provider
// packages are covered: @cdktf/provider-* by default, @cdktn/provider-* in the CDK Terrain variant (docs/framework.md).
const rootImportOfProvider = {
  regex: "^@cdkt[fn]/provider-[a-z0-9-]+$",
  message:
    "Import the resource module instead, e.g. '<provider package>/lib/ecr-repository' (a root import costs ~4 s per process).",
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "coverage/", "reports/", ".stryker-tmp/"] },
  {
    files: ["**/*.ts", "**/*.js", "**/*.mjs"],
    languageOptions: { parser: tseslint.parser },
    rules: {
      "no-restricted-imports": ["error", { patterns: [rootImportOfProvider] }],
    },
  },
);
