import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * README is the front door: its file tree and its field reference must describe the code as it is.
 * The oracles are the checkout itself (git's file list) and the generated JSON Schema of the config
 * (kept equal to config/schema.ts by __tests__/config/json-schema.test.ts); the team's
 * config/environments.json is never read.
 */

const ROOT = path.join(__dirname, "..", "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The text of the README section that starts with `heading`, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

describe("README's tree (How it is built)", () => {
  /**
   * One entry per name in the name column: a line is indented two spaces per level, its names (comma-separated)
   * end at the first run of two spaces, and the description follows. A line indented 20 spaces or more continues
   * the description above. A line that names a single folder is the parent of the deeper lines below it; a folder
   * with no deeper lines is described as a whole and covers everything under it.
   */
  function treeEntries(block: string): { path: string; folder: boolean; described: boolean }[] {
    const entries: { path: string; folder: boolean; described: boolean; parent?: string }[] = [];
    const parents: string[] = [];
    for (const line of block.split("\n")) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() === "" || indent >= 20) continue;
      if (indent % 2 !== 0) throw new Error(`README tree: odd indentation in "${line}"`);
      const depth = indent / 2;
      if (depth > parents.length) throw new Error(`README tree: "${line.trim()}" is indented below no single folder`);
      parents.length = depth;
      const parent = parents.at(-1) ?? "";
      const names = line.trim().split(/ {2,}/)[0].split(", ");
      for (const name of names) entries.push({ path: parent + name, folder: name.endsWith("/"), described: true, parent });
      if (names.length === 1 && names[0].endsWith("/")) parents.push(parent + names[0]);
    }
    // A folder with entries of its own lists its content; only a folder without them is described as a whole.
    return entries.map((entry) => ({ ...entry, described: entry.folder && !entries.some((other) => other.parent === entry.path) }));
  }

  const block = /```\n([\s\S]*?)```/.exec(section("## How it is built"))?.[1] ?? "";
  const entries = treeEntries(block);
  // The checkout's files as CI copies them: tracked, or new and not ignored (deleted ones left out).
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(path.join(ROOT, file)));

  it("lists every file of the checkout, by name or inside a folder it describes as a whole", () => {
    expect(files.length).toBeGreaterThan(0);
    const unlisted = files.filter(
      (file) => !entries.some((entry) => (entry.folder ? entry.described && file.startsWith(entry.path) : entry.path === file)),
    );
    expect(unlisted).toEqual([]);
  });

  it("names no file or folder that does not exist", () => {
    const gone = entries.filter((entry) => (entry.folder ? !files.some((file) => file.startsWith(entry.path)) : !files.includes(entry.path)));
    expect(gone.map((entry) => entry.path)).toEqual([]);
  });
});

describe("README's field reference", () => {
  /** Every property name of the config's JSON Schema, at any depth. */
  function schemaFields(node: unknown, into = new Set<string>()): Set<string> {
    if (Array.isArray(node)) node.forEach((item) => schemaFields(item, into));
    else if (node !== null && typeof node === "object") {
      const { properties } = node as { properties?: Record<string, unknown> };
      if (properties !== null && typeof properties === "object") Object.keys(properties).forEach((key) => into.add(key));
      Object.values(node).forEach((value) => schemaFields(value, into));
    }
    return into;
  }

  const fields = schemaFields(JSON.parse(readFileSync(path.join(ROOT, "config", "environments.schema.json"), "utf8")));
  const reference = section("### Field reference");

  it("documents every field of the config schema (as `field` or \"field\")", () => {
    expect(fields.size).toBeGreaterThan(50);
    const missing = [...fields].filter((field) => !reference.includes(`\`${field}\``) && !reference.includes(`"${field}"`));
    expect(missing).toEqual([]);
  });

  it("has a row for no field the schema does not have", () => {
    const rowFields = reference
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => [...line.split("|")[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]));
    expect(rowFields.length).toBeGreaterThan(40);
    expect(rowFields.filter((field) => !fields.has(field))).toEqual([]);
  });
});
