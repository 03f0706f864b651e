import tseslint from "typescript-eslint";

// A root import of a provider package loads every resource binding: ~4 s per process.
const rootImportMessage =
  "Import the resource module instead, e.g. '@cdktf/provider-aws/lib/ecr-repository' (a root import costs ~4 s per process).";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "coverage/", "reports/", ".stryker-tmp/"] },
  {
    files: ["**/*.ts", "**/*.js", "**/*.mjs"],
    languageOptions: { parser: tseslint.parser },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@cdktf/provider-aws", message: rootImportMessage },
            { name: "@cdktf/provider-datadog", message: rootImportMessage },
          ],
        },
      ],
    },
  },
);
