import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// The switch is a plain Node script (it must run before anything is installed); these are its pure steps.
// CI proves the whole switch on a copy of the checkout on every run (.ci/run).
interface SwitchScript {
  variantPackageJson(pkg: Record<string, any>): Record<string, any>;
  lockMismatches(variant: Record<string, any>, lockRoot: Record<string, any>): string[];
  renameImports(source: string): string;
  typedUseLockfile(source: string, file: string): string;
  appWithTargetVersions(source: string, file: string, dir: string): string;
  targetVersions(dir: string): { terraform: string };
}
const ROOT = path.join(__dirname, "..", "..");
const script: SwitchScript = require(path.join(ROOT, "scripts", "switch-to-cdktn.js"));

describe("imports", () => {
  it("renames the framework's module specifiers wherever code loads a module", () => {
    const source = [
      'import { App, Testing } from "cdktf";',
      'import type { IAspect } from "cdktf";',
      'import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";',
      "import { Monitor } from '@cdktf/provider-datadog/lib/monitor';",
      'import { setupJest } from "cdktf/lib/testing/adapters/jest";',
      'const floor = `node -e "require(\'cdktf\')"`;',
      'jest.mock("cdktf");',
    ].join("\n");

    expect(script.renameImports(source).split("\n")).toEqual([
      'import { App, Testing } from "cdktn";',
      'import type { IAspect } from "cdktn";',
      'import { EcrRepository } from "@cdktn/provider-aws/lib/ecr-repository";',
      "import { Monitor } from '@cdktn/provider-datadog/lib/monitor';",
      'import { setupJest } from "cdktn/lib/testing/adapters/jest";',
      'const floor = `node -e "require(\'cdktn\')"`;',
      'jest.mock("cdktn");',
    ]);
  });

  it("renames commands that run the CLI", () => {
    expect(script.renameImports("`npx cdktf synth --output x`, `node_modules/.bin/cdktf synth`")).toBe(
      "`npx cdktn synth --output x`, `node_modules/.bin/cdktn synth`",
    );
  });

  it("leaves every other mention of cdktf alone: cdktn keeps cdktf.json, cdktf.out and our tag values", () => {
    const source = 'tags: { ManagedBy: "cdktf" }; // the cdktf CLI reads cdktf.json and writes cdktf.out\nconst outdir = "cdktf.out";';
    expect(script.renameImports(source)).toBe(source);
  });
});

describe("the S3 backend's lock file", () => {
  const backend = [
    "  const backend = new S3Backend(stack, {",
    "    bucket: config.bucket,",
    "    encrypt: true,",
    "    ...(config.kmsKeyArn !== undefined && { kmsKeyId: config.kmsKeyArn }),",
    "  });",
    "  // cdktf 0.21 has no typed field for Terraform >= 1.10's S3-native locking.",
    '  backend.addOverride("use_lockfile", true);',
    "}",
  ].join("\n");

  it("moves from the escape hatch to the typed useLockfile, dropping the variable that only served the override", () => {
    expect(script.typedUseLockfile(backend, "state-backend.ts").split("\n")).toEqual([
      "  new S3Backend(stack, {",
      "    bucket: config.bucket,",
      "    encrypt: true,",
      "    ...(config.kmsKeyArn !== undefined && { kmsKeyId: config.kmsKeyArn }),",
      "    useLockfile: true,",
      "  });",
      "}",
    ]);
  });

  it("drops the variable even when comments use the same word", () => {
    const commented = `/** Where the S3 backend keeps state; the backend must be encrypted. */\n${backend}`;
    expect(script.typedUseLockfile(commented, "state-backend.ts")).toContain("\n  new S3Backend(stack, {");
  });

  it("keeps the variable when other code still uses it", () => {
    const switched = script.typedUseLockfile(backend.replace(/}$/, "  return backend;\n}"), "state-backend.ts");
    expect(switched).toContain("const backend = new S3Backend(stack, {");
    expect(switched).not.toContain("addOverride");
  });

  it("refuses an override it cannot place on an S3Backend", () => {
    expect(() => script.typedUseLockfile('\n  const other = make();\n  other.addOverride("use_lockfile", true);', "x.ts")).toThrow(
      'x.ts: other.addOverride("use_lockfile", true) is not on an S3Backend created in this file.',
    );
  });
});

describe("app entry points", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "switch-"));
    writeFileSync(path.join(dir, "cdktf.json"), "{}");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("declare the cdktf.json's targetVersions as app context, for synths that run the app without the CLI", () => {
    const source = 'import { App } from "cdktn";\nimport { x } from "./x";\n\nconst app = new App();\n';
    expect(script.appWithTargetVersions(source, path.join(dir, "main.ts"), dir)).toBe(
      'import { App } from "cdktn";\nimport { x } from "./x";\nimport { targetVersions } from "./cdktf.json";\n\nconst app = new App({ context: { targetVersions } });\n',
    );
  });

  it("of a sub-app read the cdktf.json nearest above them", () => {
    const switched = script.appWithTargetVersions("const app = new App();\n", path.join(dir, "bootstrap", "tools", "main.ts"), dir);
    expect(switched).toContain('import { targetVersions } from "../../cdktf.json";');
  });

  it("are not touched in tests, whose Testing.synth runs no validation", () => {
    const source = "const app = new App();\n";
    expect(script.appWithTargetVersions(source, path.join(dir, "__tests__", "x.test.ts"), dir)).toBe(source);
  });

  it("add the context to the props an App already has", () => {
    const switched = script.appWithTargetVersions("new App({ outdir: 'x' });", path.join(dir, "main.ts"), dir);
    expect(switched).toContain("new App({ context: { targetVersions }, outdir: 'x' });");
  });

  it("refuse what they cannot merge into rather than guess", () => {
    const main = path.join(dir, "main.ts");
    expect(() => script.appWithTargetVersions("new App(config);", main, dir)).toThrow("main.ts: new App(...) takes something other than an object literal");
    expect(() => script.appWithTargetVersions("new App({ context: { a: 1 } });", main, dir)).toThrow("main.ts: new App(...) already has a context");
  });
});

describe("the Terraform versions the apps target", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "switch-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("are what the stacks require of Terraform, in npm semver", () => {
    writeFileSync(path.join(dir, "state-backend.ts"), 'export const TERRAFORM_REQUIRED_VERSION = ">= 1.11, < 2.0";\n');
    expect(script.targetVersions(dir)).toEqual({ terraform: ">=1.11 <2.0" });
  });

  it("default to the first Terraform with S3-native locking when the code requires none", () => {
    expect(script.targetVersions(dir)).toEqual({ terraform: ">=1.10.0" });
  });

  it("refuse a pessimistic constraint, which npm semver would read differently", () => {
    writeFileSync(path.join(dir, "versions.ts"), 'const TERRAFORM_REQUIRED_VERSION = "~> 1.11";\n');
    expect(() => script.targetVersions(dir)).toThrow('versions.ts: TERRAFORM_REQUIRED_VERSION "~> 1.11" has no npm semver equivalent');
  });
});

describe("package.json", () => {
  const pkg = {
    engines: { node: ">=22" },
    scripts: { synth: "cdktf synth", app: "node scripts/run-app.js main.ts" },
    dependencies: { "@cdktf/provider-aws": "21.22.1", cdktf: "0.21.0", constructs: "10.4.2", zod: "4.6.7" },
    devDependencies: { "cdktf-cli": "0.21.0", jest: "30.5.2" },
  };

  it("swaps the framework packages for cdktn's, pinned, and keeps every other package", () => {
    const variant = script.variantPackageJson(pkg);
    expect(variant.dependencies).toEqual({ "@cdktn/provider-aws": "25.7.0", cdktn: "0.24.0", constructs: "10.6.0", zod: "4.6.7" });
    expect(variant.devDependencies).toEqual({ "cdktn-cli": "0.24.0", jest: "30.5.2" });
  });

  it("asks for the Node the cdktn CLI needs and calls the CLI by its new name", () => {
    const variant = script.variantPackageJson(pkg);
    expect(variant.engines).toEqual({ node: ">=22.19.0" });
    expect(variant.scripts).toEqual({ synth: "cdktn synth", app: "node scripts/run-app.js main.ts" });
  });

  it("refuses a framework package it has no cdktn version for", () => {
    expect(() => script.variantPackageJson({ dependencies: { "@cdktf/provider-github": "1.0.0" } })).toThrow(
      "package.json: @cdktf/provider-github has no cdktn equivalent",
    );
  });

  it("names every dependency on which the variant's lockfile and package.json disagree", () => {
    const variant = script.variantPackageJson(pkg);
    const lockRoot = { dependencies: variant.dependencies, devDependencies: { "cdktn-cli": "0.24.0" } };
    expect(script.lockMismatches(variant, lockRoot)).toEqual(["devDependencies.jest: package.json 30.5.2, lockfile (none)"]);
  });

  it("the committed variant lockfile matches this checkout's dependencies (else: node scripts/switch-to-cdktn.js --update-lock)", () => {
    const variant = script.variantPackageJson(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")));
    const lock = JSON.parse(readFileSync(path.join(ROOT, "variants", "cdktn", "package-lock.json"), "utf8"));
    expect(script.lockMismatches(variant, lock.packages[""])).toEqual([]);
  });
});
