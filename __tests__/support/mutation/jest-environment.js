/**
 * The Jest environment of mutation runs (jest.mutation.config.js; Stryker wraps it in its own). Outside
 * Stryker it is Jest's node environment and does nothing more.
 *
 * Stryker's per-test coverage only records what runs inside a test body: a module's top-level constants
 * (`PULL_ACTIONS`, a rule's `level`, a regex) run while the test file loads, so Stryker calls their mutants
 * "static" and, with `ignoreStatic`, never runs them. Here what a test file's loading, its describe blocks and
 * its hooks covered in the modules the file imports itself is added to each of its tests' coverage, so those
 * tests run for such a mutant: a module's top level counts as covered by its own tests, not by every test that
 * loads it on the way (the config tests load every rule through the schema). A mutant is still only reported
 * killed when a test failed; at worst a mutant only another file's tests would kill is reported as surviving.
 *
 * It also stops a mutant's run at its first failing test (below).
 */
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

/** Set by Stryker's Jest runner for a mutant run (INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE). */
const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";
/**
 * The mutant whose run already has a failing test. Stryker's runner runs the test files in one process, one
 * after the other, and cannot use Jest's `bail` (it exits the process), so the remaining files skip their tests
 * (and the hooks of those tests) here instead: the mutant is killed, the rest would only cost time.
 */
let killedMutant;

/** The test id Stryker uses: the names of the enclosing describe blocks and the test's, joined by spaces. */
function fullName(test) {
  const names = [];
  for (let block = test.parent; block && block.parent; block = block.parent) names.unshift(block.name);
  return [...names, test.name].join(" ").trim();
}

/** Mutant id -> instrumented source file, read once per process from the sandbox Stryker runs in. */
let mutantFiles;
function fileOfMutant(id) {
  if (!mutantFiles) {
    mutantFiles = new Map();
    const visit = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && !["node_modules", "__tests__", ".git", "reports"].includes(entry.name)) visit(full);
        else if (entry.name.endsWith(".ts")) {
          for (const [, mutant] of readFileSync(full, "utf8").matchAll(/stryMutAct_9fa48\("(\d+)"\)/g)) mutantFiles.set(mutant, full);
        }
      }
    };
    visit(process.cwd());
  }
  return mutantFiles.get(id);
}

/** The source files a test file imports itself (relative imports only). */
function directImports(testPath) {
  const source = readFileSync(testPath, "utf8");
  return new Set([...source.matchAll(/from "(\.[^"]+)"/g)].map(([, specifier]) => `${path.resolve(path.dirname(testPath), specifier)}.ts`));
}

function skipAll(block) {
  for (const child of block.children) {
    child.mode = "skip";
    if (child.type === "describeBlock") skipAll(child);
  }
}

class MutationEnvironment extends TestEnvironment {
  /** Stryker's static coverage just before the test file was loaded (it accumulates over the files of a run). */
  staticBefore = undefined;

  /** Stryker's coverage, once its instrumented code created it (the `__stryker__` global it shares with the runner). */
  coverage() {
    return this.global.__stryker__?.mutantCoverage;
  }

  constructor(config, context) {
    super(config, context);
    this.imports = directImports(context.testPath);
  }

  async handleTestEvent(event, state) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant !== undefined) {
      if (event.name === "test_done" && event.test.errors.length > 0) killedMutant = mutant;
      if (event.name === "run_start" && killedMutant === mutant) skipAll(state.rootDescribeBlock);
    }
    if (event.name === "setup") {
      // Before the test file is loaded: what static coverage already holds came from earlier files.
      this.staticBefore = { ...(this.coverage()?.static ?? {}) };
    } else if (event.name === "test_start" && this.staticBefore) {
      const coverage = this.coverage();
      if (!coverage) return;
      const id = fullName(event.test);
      const own = (coverage.perTest[id] ??= {});
      for (const [mutant, count] of Object.entries(coverage.static)) {
        if (count > (this.staticBefore[mutant] ?? 0) && this.imports.has(fileOfMutant(mutant))) own[mutant] = (own[mutant] ?? 0) + 1;
      }
    }
  }
}

module.exports = MutationEnvironment;
