/**
 * Stryker test runner "jest-covering-files": Stryker's own Jest runner, except that a mutant run loads only the
 * test files that hold the tests covering the mutant. Stock, it loads every test file that imports the mutated
 * file (--findRelatedTests) and filters tests by name, so each mutant of a builder that the stacks import would
 * pay for loading ~25 test files (~10 s on 2 cores) to run a handful of tests. The tests that run are the same.
 * Mutants without per-test coverage (none run with `ignoreStatic`) keep the stock behaviour.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from "@stryker-mutator/api/plugin";
import { strykerPlugins as jestPlugins } from "@stryker-mutator/jest-runner";

/** Test id -> test files, written by the dry run for the other runner processes (all share the sandbox). */
const MAP_FILE = path.join(process.cwd(), ".covering-test-files.json");

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

class CoveringFilesRunner {
  constructor(inner) {
    this.inner = inner;
    this.filesOfTest = undefined;
  }

  init() {
    return this.inner.init();
  }

  capabilities() {
    return this.inner.capabilities();
  }

  dispose() {
    return this.inner.dispose?.();
  }

  async dryRun(options) {
    const result = await this.inner.dryRun(options);
    if (result.status === "complete") {
      const map = {};
      for (const test of result.tests) (map[test.id] ??= []).includes(test.fileName) || map[test.id].push(test.fileName);
      writeFileSync(MAP_FILE, JSON.stringify(map));
    }
    return result;
  }

  testFilesOf(testIds) {
    this.filesOfTest ??= existsSync(MAP_FILE) ? JSON.parse(readFileSync(MAP_FILE, "utf8")) : {};
    const files = new Set();
    for (const id of testIds) {
      const known = this.filesOfTest[id];
      if (!known) return undefined; // unknown test: fall back to every related file
      known.forEach((file) => files.add(file));
    }
    return [...files];
  }

  async mutantRun(options) {
    const files = options.testFilter && this.testFilesOf(options.testFilter);
    if (!files) return this.inner.mutantRun(options);
    const adapter = this.inner.jestTestAdapter;
    // `testFiles` makes the adapter pass these paths to Jest instead of --findRelatedTests <mutated file>.
    this.inner.jestTestAdapter = { run: (settings) => adapter.run({ ...settings, testFiles: files.map((file) => `^${escape(file)}$`) }) };
    try {
      return await this.inner.mutantRun(options);
    } finally {
      this.inner.jestTestAdapter = adapter;
    }
  }
}

const jest = jestPlugins.find((plugin) => plugin.name === "jest");

function coveringFilesRunnerFactory(injector) {
  return new CoveringFilesRunner(injector.injectFunction(jest.factory));
}
coveringFilesRunnerFactory.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, "jest-covering-files", coveringFilesRunnerFactory)];
