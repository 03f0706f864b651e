// The cdktf `app` command: runs main.ts with an in-memory swc transpile (no type check, ~1 ms a file).
// Type checking runs in `npm test` (tsc --noEmit); ts-node would type-check the provider bindings on every synth.
// Transpiled files are cached by content, so a repeated synth does not even load @swc/core (~40 ms).
// Inline source maps cost little to produce; run with NODE_OPTIONS=--enable-source-maps to see .ts lines in
// stack traces (off by default: cdktf captures a stack for every token, and mapping them slows synth).
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const options = { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, sourceMaps: "inline" };
const swcVersion = JSON.parse(fs.readFileSync(require.resolve("@swc/core/package.json"), "utf8")).version;
const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "run-app");

function transpile(source, filename) {
  const key = crypto.createHash("sha256").update(`${swcVersion}\0${JSON.stringify(options)}\0${filename}\0${source}`).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    const { code } = require("@swc/core").transformSync(source, { ...options, filename });
    writeAtomically(cached, code);
    return code;
  }
}

/** A cache that cannot be written only costs speed; a concurrent synth never sees a half-written file. */
function writeAtomically(file, content) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch {
    // Read-only checkout or full disk: synth still works, uncached.
  }
}

/** Run a TypeScript entry point (relative to the project root) with the in-memory transpile. */
function runTypeScript(entry) {
  require.extensions[".ts"] = (module, filename) => {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
  };
  require(path.join(__dirname, "..", entry));
}

const USAGE = `Usage: node scripts/run-app.js [ENTRY.ts [ARGS...]]

Runs a TypeScript entry point of this project (default: main.ts) with an in-memory swc transpile and no
type check; cdktf.json's "app" command. ENTRY is relative to the project root; ARGS go to it.
  -h, --help   print this help`;

if (require.main === module) {
  const entry = process.argv[2] ?? "main.ts";
  if (entry === "-h" || entry === "--help") {
    console.log(USAGE);
  } else if (entry.startsWith("-") || !fs.existsSync(path.join(__dirname, "..", entry))) {
    console.error(`run-app: ${entry.startsWith("-") ? `unknown option ${entry}` : `no file ${entry} in the project`}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    runTypeScript(entry);
  }
}

module.exports = { runTypeScript };
