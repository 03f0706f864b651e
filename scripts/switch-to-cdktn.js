#!/usr/bin/env node
// Turns a checkout into its CDK Terrain (cdktn) variant, in place:
//   node scripts/switch-to-cdktn.js [dir]     switch the checkout at dir (default: this repository), then `npm ci`
//   node scripts/switch-to-cdktn.js --update-lock
//                                             regenerate variants/cdktn/package-lock.json after a dependency change
// CI switches a temporary copy on every run (.ci/run), so the day the team switches, it is known to work.
// It works on whatever code the checkout has (every .ts/.js file's imports, every cdktf.json, every app entry
// point) and stops with a message wherever it cannot place a change. What it changes and why: docs/framework.md.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** cdktf package -> its cdktn equivalent, pinned exactly (https://github.com/open-constructs/cdk-terrain). */
const PACKAGES = {
  cdktf: { name: "cdktn", version: "0.24.0" },
  "cdktf-cli": { name: "cdktn-cli", version: "0.24.0" },
  "@cdktf/provider-aws": { name: "@cdktn/provider-aws", version: "25.7.0" }, // AWS provider 6.66.0
  "@cdktf/provider-datadog": { name: "@cdktn/provider-datadog", version: "16.1.0" }, // Datadog provider 4.19.0
};
/** cdktn 0.24.0 and its providers peer-depend on constructs >=10.6.0 <10.8.0; cdktn-cli 0.24.0 pins 10.6.0 (one copy). */
const CONSTRUCTS_VERSION = "10.6.0";
/** cdktn-cli 0.24.0's `engines` (on Node 20 its synth dies with `markAsUncloneable is not a function`). */
const NODE_ENGINE = ">=22.19.0";
/**
 * The Terraform versions the apps target when the code declares none (`TERRAFORM_REQUIRED_VERSION`, see
 * targetVersions): cdktn 0.24 refuses the typed `useLockfile` (S3-native locking) unless every targeted version has
 * it, Terraform >= 1.10. No OpenTofu target is declared.
 */
const MINIMUM_TARGET = ">=1.10.0";

const ROOT = path.join(__dirname, "..");
const VARIANT_LOCK = path.join("variants", "cdktn", "package-lock.json");
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];
const SOURCE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", "cdktf.out", "coverage", "variants"]);
/** This script and its test name what they replace: rewriting them would change what they do. */
const SELF = /^switch-to-cdktn(\.test)?\.[jt]s$/;

class SwitchError extends Error {}

// ------------------------------------------------------------------------------------ package.json and lockfile

/** The variant's package.json: the checkout's, with the framework packages, constructs, engines and CLI calls replaced. */
function variantPackageJson(pkg) {
  const variant = structuredClone(pkg);
  for (const field of DEPENDENCY_FIELDS) {
    if (variant[field] === undefined) continue;
    variant[field] = Object.fromEntries(Object.entries(variant[field]).map(([name, version]) => variantDependency(name, version)));
  }
  variant.engines = { ...variant.engines, node: NODE_ENGINE };
  if (variant.scripts !== undefined) {
    variant.scripts = Object.fromEntries(Object.entries(variant.scripts).map(([name, command]) => [name, renameCliCalls(command)]));
  }
  return variant;
}

function variantDependency(name, version) {
  if (name === "constructs") return [name, CONSTRUCTS_VERSION];
  const replacement = PACKAGES[name];
  if (replacement !== undefined) return [replacement.name, replacement.version];
  if (name.startsWith("@cdktf/") || name.startsWith("cdktf")) {
    throw new SwitchError(`package.json: ${name} has no cdktn equivalent in scripts/switch-to-cdktn.js. Add it to PACKAGES.`);
  }
  return [name, version];
}

/** `cdktf synth`, `npx cdktf deploy`, `node_modules/.bin/cdktf`: the CLI's binary is `cdktn`. */
function renameCliCalls(command) {
  return command.replace(/(^|[\s;&|(/])cdktf(?=\s|$)/g, "$1cdktn");
}

/** What `npm ci` compares between package.json and the lockfile's root entry, as readable differences. */
function lockMismatches(variant, lockRoot) {
  const mismatches = [];
  for (const field of DEPENDENCY_FIELDS) {
    const wanted = variant[field] ?? {};
    const locked = lockRoot[field] ?? {};
    for (const name of new Set([...Object.keys(wanted), ...Object.keys(locked)])) {
      if (wanted[name] !== locked[name]) mismatches.push(`${field}.${name}: package.json ${wanted[name] ?? "(none)"}, lockfile ${locked[name] ?? "(none)"}`);
    }
  }
  return mismatches;
}

function switchPackages(dir) {
  const pkg = readJson(path.join(dir, "package.json"));
  if (pkg.dependencies?.cdktn !== undefined) throw new SwitchError(`${dir} is already the cdktn variant.`);
  const variant = variantPackageJson(pkg);
  const lock = readJson(path.join(dir, VARIANT_LOCK));
  const mismatches = lockMismatches(variant, lock.packages[""]);
  if (mismatches.length > 0) {
    throw new SwitchError(
      `${VARIANT_LOCK} no longer matches package.json (a dependency was added, removed or changed since it was made):\n` +
        mismatches.map((line) => `  - ${line}`).join("\n") +
        "\nRun `node scripts/switch-to-cdktn.js --update-lock` and commit the lockfile.",
    );
  }
  writeJson(path.join(dir, "package.json"), variant);
  fs.copyFileSync(path.join(dir, VARIANT_LOCK), path.join(dir, "package-lock.json"));
}

/**
 * Resolves the variant's lockfile from the default one: npm starts from package-lock.json, so every package the two
 * variants share stays at the version the default pins; only the framework packages are resolved anew.
 */
function updateVariantLock() {
  const pkg = readJson(path.join(ROOT, "package.json"));
  if (pkg.dependencies?.cdktn !== undefined) throw new SwitchError("this checkout is already the cdktn variant: there is no variant lockfile to update.");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktn-lock-"));
  try {
    writeJson(path.join(work, "package.json"), variantPackageJson(pkg));
    fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(work, "package-lock.json"));
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(npm, ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: work, stdio: "inherit" });
    fs.mkdirSync(path.dirname(path.join(ROOT, VARIANT_LOCK)), { recursive: true });
    fs.copyFileSync(path.join(work, "package-lock.json"), path.join(ROOT, VARIANT_LOCK));
    console.log(`Wrote ${VARIANT_LOCK}.`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------ sources

/** Module specifiers of the framework: `cdktf`, `cdktf/lib/...`, `@cdktf/provider-<name>[/lib/...]`. */
const SPECIFIER = String.raw`(cdktf|@cdktf\/provider-[a-z0-9-]+)((?:\/[^"'\x60\s]*)?)`;
/** Where a specifier appears: import/export ... from, import "...", import(...), require(...), jest.mock(...). */
const SPECIFIER_CONTEXT = String.raw`(\bfrom\s*|\bimport\s*\(?\s*|\brequire(?:\.resolve)?\s*\(\s*|\bjest\.(?:mock|doMock|unmock|requireActual|requireMock)\s*\(\s*)`;
const IMPORT = new RegExp(`${SPECIFIER_CONTEXT}(["'\x60])${SPECIFIER}\\2`, "g");

/**
 * Imports of the framework's packages, and commands that run its CLI (`npx cdktf`, `node_modules/.bin/cdktf`).
 * Other mentions of "cdktf" (tag values, comments, `cdktf.json`, `cdktf.out`) stay: cdktn keeps those names.
 */
function renameImports(source) {
  return source
    .replace(IMPORT, (_match, context, quote, specifier, subpath) => {
      return `${context}${quote}${specifier === "cdktf" ? "cdktn" : specifier.replace("@cdktf/", "@cdktn/")}${subpath}${quote}`;
    })
    .replace(/(\bnpx\s+|node_modules\/\.bin\/)cdktf(?=\s)/g, "$1cdktn");
}

/**
 * cdktf 0.21 has no typed field for S3-native locking, so the default sets `use_lockfile` through an escape hatch:
 *   const backend = new S3Backend(scope, { ... });
 *   // a comment
 *   backend.addOverride("use_lockfile", true);
 * cdktn 0.24 types it: the override (and the comment right above it) goes, `useLockfile: true` ends the props.
 */
function typedUseLockfile(source, file) {
  const override = /\n(?:[ \t]*\/\/[^\n]*\n)?[ \t]*(\w+)\.addOverride\("use_lockfile", true\);[^\n]*/;
  const found = override.exec(source);
  if (found === null) return source;
  const variable = found[1];
  const withoutOverride = source.replace(override, "");
  const construction = new RegExp(`\\b(?:const|let) ${variable} = new S3Backend\\(`).exec(withoutOverride);
  if (construction === null) throw new SwitchError(`${file}: ${variable}.addOverride("use_lockfile", true) is not on an S3Backend created in this file.`);
  const closing = closingBraceOfProps(withoutOverride, construction.index + construction[0].length, file);
  const props = withoutOverride.slice(0, closing).replace(/,?\s*$/, "");
  const indent = /\n([ \t]*)$/.exec(withoutOverride.slice(0, closing))?.[1] ?? "";
  const typed = `${props},\n${indent}  useLockfile: true,\n${indent}${withoutOverride.slice(closing)}`;
  // The variable only existed for the override: left unused, `tsc --noUnusedLocals` would fail. Comments may say
  // "backend" too: only code counts.
  const code = typed.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
  const stillUsed = code.match(new RegExp(`\\b${variable}\\b`, "g")).length > 1;
  return stillUsed ? typed : typed.replace(new RegExp(`\\b(?:const|let) ${variable} = (new S3Backend\\()`), "$1");
}

function closingBraceOfProps(source, from, file) {
  let depth = 0;
  for (let i = source.indexOf("{", from); i >= 0 && i < source.length; i++) {
    if (source[i] === "{") depth++;
    if (source[i] === "}" && --depth === 0) return i;
  }
  throw new SwitchError(`${file}: the S3Backend's props are not an object literal.`);
}

/**
 * An app run without the CLI (README's synth, the tests that run the app command) gets no context from cdktf.json,
 * so each app entry point (`new App()` outside __tests__) reads `targetVersions` from the cdktf.json beside or above
 * it: one declaration for both ways of running it. Test apps need none: `Testing.synth` runs no validations.
 */
function appWithTargetVersions(source, file, dir) {
  if (isTest(file, dir) || !/\bnew App\(/.test(source)) return source;
  const relative = path.relative(dir, file);
  const config = nearestAppConfig(path.dirname(file), dir);
  if (config === undefined) throw new SwitchError(`${relative}: creates an App but no cdktf.json is beside or above it.`);
  let specifier = path.relative(path.dirname(file), config).split(path.sep).join("/");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const lastImport = [...source.matchAll(/^import [^;]*;\n/gm)].at(-1);
  const at = lastImport === undefined ? (/^#!.*\n/.exec(source)?.[0].length ?? 0) : lastImport.index + lastImport[0].length;
  const withImport = `${source.slice(0, at)}import { targetVersions } from "${specifier}";\n${source.slice(at)}`;
  return withContext(withImport, relative);
}

/** `new App()` -> `new App({ context: { targetVersions } })`; `new App({ outdir })` -> `new App({ context: { targetVersions }, outdir })`. */
function withContext(source, relative) {
  return source.replace(/\bnew App\((\s*\{)?/g, (match, brace, offset) => {
    if (brace === undefined) {
      if (!source.startsWith("new App()", offset)) throw new SwitchError(`${relative}: new App(...) takes something other than an object literal; give it context: { targetVersions } by hand.`);
      return "new App({ context: { targetVersions } }";
    }
    const props = source.slice(offset, closingBraceOfProps(source, offset, relative));
    if (/\bcontext\b/.test(props)) throw new SwitchError(`${relative}: new App(...) already has a context; add targetVersions to it by hand.`);
    return `${match} context: { targetVersions },`;
  });
}

function isTest(file, dir) {
  return path.relative(dir, file).split(path.sep).includes("__tests__");
}

function nearestAppConfig(from, dir) {
  for (let current = from; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "cdktf.json"))) return path.join(current, "cdktf.json");
    if (current === dir || path.dirname(current) === current) return undefined;
  }
}

function switchSources(dir) {
  let changed = 0;
  let typedBackends = 0;
  for (const file of filesUnder(dir, isSource)) {
    const before = fs.readFileSync(file, "utf8");
    const renamed = renameImports(before);
    const typed = typedUseLockfile(renamed, path.relative(dir, file));
    if (typed !== renamed) typedBackends++;
    const after = appWithTargetVersions(typed, file, dir);
    if (after === before) continue;
    changed++;
    fs.writeFileSync(file, after);
  }
  if (typedBackends === 0) {
    throw new SwitchError('no S3 backend sets addOverride("use_lockfile", true) any more: teach scripts/switch-to-cdktn.js how S3-native locking is enabled now.');
  }
  return changed;
}

/** cdktn's CLI reads `targetVersions` from cdktf.json and passes them to the app as context. */
function switchAppConfigs(dir) {
  const targets = targetVersions(dir);
  const configs = [...filesUnder(dir, (name) => name === "cdktf.json")];
  for (const file of configs) writeJson(file, { ...readJson(file), targetVersions: targets });
  return configs.length;
}

/**
 * What the stacks require of Terraform, as cdktn's `targetVersions`: the code's `TERRAFORM_REQUIRED_VERSION =
 * "<constraint>"` (the stacks' `required_version`) when it has one, else MINIMUM_TARGET. Terraform's `>= 1.11, < 2`
 * becomes npm semver's `>=1.11 <2`; `~>` and `!=` have no such equivalent and stop the switch.
 */
function targetVersions(dir) {
  for (const file of filesUnder(dir, isSource)) {
    const declared = /\bTERRAFORM_REQUIRED_VERSION\s*=\s*"([^"]+)"/.exec(fs.readFileSync(file, "utf8"));
    if (declared === null) continue;
    if (/~>|!=/.test(declared[1])) {
      throw new SwitchError(`${path.relative(dir, file)}: TERRAFORM_REQUIRED_VERSION "${declared[1]}" has no npm semver equivalent for targetVersions; write it with >=, <, = only.`);
    }
    return { terraform: declared[1].split(",").map((part) => part.replace(/\s+/g, "")).join(" ") };
  }
  return { terraform: MINIMUM_TARGET };
}

function isSource(name) {
  return SOURCE_EXTENSIONS.has(path.extname(name)) && !name.endsWith(".d.ts") && !SELF.test(name);
}

function* filesUnder(dir, wanted) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_DIRECTORIES.has(entry.name)) yield* filesUnder(full, wanted);
    if (entry.isFile() && wanted(entry.name)) yield full;
  }
}

// ------------------------------------------------------------------------------------ main

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function switchCheckout(dir) {
  switchPackages(dir);
  const sources = switchSources(dir);
  const configs = switchAppConfigs(dir);
  console.log(`Switched ${dir} to CDK Terrain: package.json, package-lock.json, ${sources} source files, ${configs} cdktf.json.`);
  console.log("Next: npm ci && npm test, on Node >= 22.19. The steps after that: docs/framework.md.");
}

function main(args) {
  if (args[0] === "--update-lock") updateVariantLock();
  else switchCheckout(path.resolve(args[0] ?? ROOT));
}

module.exports = { variantPackageJson, lockMismatches, renameImports, typedUseLockfile, appWithTargetVersions, targetVersions, SwitchError };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SwitchError)) throw error;
    console.error(`switch-to-cdktn: ${error.message}`);
    process.exit(1);
  }
}
