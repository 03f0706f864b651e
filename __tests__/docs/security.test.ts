import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * docs/security.md proves each row of its threat model with a test, named as `file › *test name*` (a `…` stands
 * for an elided part; a table's header may name the file for the whole table). A renamed or deleted test must
 * not leave a row that cites it.
 */

const TESTS = path.join(__dirname, "..");
const testFiles = readdirSync(TESTS, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".test.ts"));

/** The test file a reference names: its path under `__tests__/`, or its unique ending (`repository-policy.test.ts`). */
function testFile(reference: string): string {
  const matches = testFiles.filter((file) => `/${file}`.endsWith(`/${reference}`));
  if (matches.length !== 1) throw new Error(`docs/security.md names ${reference}, which is ${matches.length === 0 ? "no" : "more than one"} test file`);
  return matches[0];
}

/** Every `[file, test name]` the threat model cites. */
function citations(markdown: string): [string, string][] {
  const cited: [string, string][] = [];
  let tableFile: string | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|") || /^\|[-\s|]+\|$/.test(line)) continue;
    const proof = line.replace(/\\\*/g, "\u0001").replace(/`[^`]*`/g, "").split("|").at(-2) ?? "";
    const header = /proved by \(([\w/.-]+\.test\.ts)\)/.exec(proof);
    if (header || /proved by/.test(proof)) {
      tableFile = header?.[1];
      continue;
    }
    let file = tableFile;
    for (const [, reference, name] of proof.matchAll(/([\w/.-]+\.test\.ts)|\*([^*]+)\*/g)) {
      if (reference) file = reference;
      else if (file === undefined) throw new Error(`docs/security.md cites *${name}* without a test file`);
      else cited.push([file, name.replace(/\u0001/g, "*")]);
    }
  }
  return cited;
}

describe("docs/security.md", () => {
  const cited = citations(readFileSync(path.join(__dirname, "..", "..", "docs", "security.md"), "utf8"));

  it("cites tests for its rows", () => {
    expect(cited.length).toBeGreaterThan(30);
  });

  it("cites only tests that exist, in the file it names", () => {
    const missing = cited.filter(([file, name]) => {
      const source = readFileSync(path.join(TESTS, testFile(file)), "utf8");
      return !name.split("…").every((part) => source.includes(part.trim()));
    });
    expect(missing).toEqual([]);
  });
});
