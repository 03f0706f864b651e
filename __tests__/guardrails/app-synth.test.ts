import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { exampleConfigJson } from "../support/config";

const ROOT = path.join(__dirname, "..", "..");

/** Run the app command (`node scripts/run-app.js main.ts`) on an edited example fixture, into a fresh output dir. */
function runApp(edit: (config: any) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), "guardrails-"));
  const config = exampleConfigJson();
  edit(config);
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  const outdir = path.join(dir, "out");
  const run = spawnSync("node", ["scripts/run-app.js", "main.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, REGISTRY_CONFIG: path.join(dir, "config.json"), CDKTF_OUTDIR: outdir },
  });
  const files = (readdirSync(outdir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string }[])
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
  rmSync(dir, { recursive: true, force: true });
  return { status: run.status, stderr: run.stderr, files };
}

describe("the app command", () => {
  it("synthesizes the example fixture", () => {
    const { status, files } = runApp(() => {});
    expect(status).toBe(0);
    expect(files.sort()).toEqual(["cdk.tf.json", "cdk.tf.json", "manifest.json"]);
  });

  it("refuses prod with MUTABLE tags, naming the rule, and writes nothing", () => {
    const { status, stderr, files } = runApp((c) => (c.environments.prod.repositories[0].tagMutability = "MUTABLE"));
    expect(status).toBe(1);
    expect(stderr).toContain("ERROR DAR-ECR-2 [prod/repository-demo-api/repository]");
    expect(files).toEqual([]);
  });
});
