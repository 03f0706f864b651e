// The cdktf `app` command: runs main.ts with an in-memory swc transpile (no type check, ~1 ms a file).
// Type checking runs in `npm test` (tsc --noEmit); ts-node would type-check the provider bindings on every synth.
const { transformSync } = require("@swc/core");
const fs = require("node:fs");
const path = require("node:path");

const options = { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, sourceMaps: "inline" };

require.extensions[".ts"] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), { ...options, filename });
  module._compile(code, filename);
};

require(path.join(__dirname, "..", process.argv[2] ?? "main.ts"));
