#!/usr/bin/env node
// How two synthesized output trees differ, one JSON value per line:
//   node scripts/diff-synth.js <default cdktf.out> <cdktn cdktf.out>                  print the differences
//   node scripts/diff-synth.js <default cdktf.out> <cdktn cdktf.out> --check <doc.md>  fail unless the doc lists them
// Stack directories fold into `stacks/*` and each difference is listed once, so the list does not grow with the
// number of environments. Annotation stack traces (absolute paths, line numbers) are left out. CI checks the list
// in docs/framework.md against the committed config's two synths on every run (.ci/run).
const fs = require("node:fs");
const path = require("node:path");

const BEGIN = "<!-- diff-synth:begin -->";
const END = "<!-- diff-synth:end -->";

function jsonFiles(dir, prefix = "") {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) return jsonFiles(dir, relative);
    return entry.name.endsWith(".json") ? [relative] : [];
  });
}

/** Every leaf of a JSON document by path, e.g. `["//"].metadata.version` or `resource.aws_iam_role.x.tags.Env`. */
function leaves(value, at = "", out = new Map()) {
  if (value === null || typeof value !== "object") return out.set(at, JSON.stringify(value));
  const entries = Object.entries(value).filter(([key]) => key !== "stacktrace");
  if (entries.length === 0) out.set(at, JSON.stringify(value));
  for (const [key, child] of entries) {
    const step = Array.isArray(value) ? `[${key}]` : /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    leaves(child, at + step, out);
  }
  return out;
}

function differences(before, after) {
  const lines = new Set();
  for (const file of new Set([...jsonFiles(before), ...jsonFiles(after)])) {
    const shown = file.replace(/^stacks\/[^/]+\//, "stacks/*/");
    const a = fs.existsSync(path.join(before, file)) ? leaves(JSON.parse(fs.readFileSync(path.join(before, file), "utf8"))) : undefined;
    const b = fs.existsSync(path.join(after, file)) ? leaves(JSON.parse(fs.readFileSync(path.join(after, file), "utf8"))) : undefined;
    if (a === undefined || b === undefined) {
      lines.add(`${shown}: only in the ${a === undefined ? "cdktn" : "default"} variant`);
      continue;
    }
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key) !== b.get(key)) lines.add(`${shown} ${key}: ${a.get(key) ?? "(absent)"} -> ${b.get(key) ?? "(absent)"}`);
    }
  }
  return [...lines].sort();
}

function documented(doc) {
  const text = fs.readFileSync(doc, "utf8");
  const block = text.slice(text.indexOf(BEGIN) + BEGIN.length, text.indexOf(END));
  return block.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("```"));
}

function main([before, after, flag, doc]) {
  const found = differences(before, after);
  if (flag !== "--check") {
    console.log(found.join("\n"));
    return;
  }
  const listed = documented(doc);
  if (JSON.stringify(listed) === JSON.stringify(found)) return;
  console.error(`${doc} no longer lists how the cdktn variant's synth differs. Replace the lines between ${BEGIN} and ${END} with:`);
  console.error(["```text", ...found, "```"].join("\n"));
  console.error("and say what the new lines mean.");
  process.exit(1);
}

module.exports = { differences };

if (require.main === module) main(process.argv.slice(2));
