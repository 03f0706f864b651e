import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
}

describe.each([
  ["node scripts/run-app.js", "node", ["scripts/run-app.js"]],
  ["npm run synth (scripts/synth.js)", "node", ["scripts/synth.js"]],
  ["npm run bench (bench/run.js)", "node", ["bench/run.js"]],
  ["npm test's static checks", "sh", ["scripts/static-checks.sh"]],
  ["npm run config:schema", "node", ["scripts/run-app.js", "scripts/write-config-schema.ts"]],
])("%s", (_name, command, args) => {
  it.each(["-h", "--help"])("prints its usage for %s and exits 0", (flag) => {
    const result = run(command, [...args, flag]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: /);
  });

  it("refuses an unknown option with its usage, exit 2, no stack trace", () => {
    const result = run(command, [...args, "--no-such-option"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Usage|usage|--help/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

it("npm run config:schema -- --help writes nothing", () => {
  const schema = path.join(ROOT, "config", "environments.schema.json");
  const before = statSync(schema).mtimeMs;
  run("node", ["scripts/run-app.js", "scripts/write-config-schema.ts", "--help"]);
  expect(statSync(schema).mtimeMs).toBe(before);
});

it("node scripts/run-app.js names a missing entry point instead of failing with a module error", () => {
  const result = run("node", ["scripts/run-app.js", "nope.ts"]);
  expect(result.status).toBe(2);
  expect(result.stderr.split("\n")[0]).toBe("run-app: no file nope.ts in the project");
});
