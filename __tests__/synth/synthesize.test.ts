import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { exampleConfigJson } from "../support/config";

const ROOT = path.join(__dirname, "..", "..");

/** What `cdktf synth` sets for the app command (@cdktf/cli-core, lib/synth-stack.ts), cdktf.json's context included. */
const CDKTF_CLI_ENV = { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", SYNTH_HCL_OUTPUT: "false", CDKTF_CONTEXT_JSON: '{"cdktfRelativeModules":[]}' };

/** A temp dir with the example fixture (edited) as config.json. */
function workspace(edit: (config: any) => void = () => {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "synth-"));
  const config = exampleConfigJson();
  edit(config);
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  return { dir, config: path.join(dir, "config.json"), outdir: path.join(dir, "cdktf.out") };
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: _a, SYNTH_HCL_OUTPUT: _b, ...clean } = process.env;
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...clean, CHECKPOINT_DISABLE: "1", ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative, with its content. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string; parentPath: string }[])
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), readFileSync(file, "utf8")];
      }),
  );
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** One good synth of the example fixture, shared: its output is also the "earlier output" failures must remove. */
const good = workspace();
const goodRun = run(["scripts/synth.js", "--output", good.outdir], { REGISTRY_CONFIG: good.config });

describe("npm run synth (scripts/synth.js) on the example fixture", () => {
  const ws = good;
  const result = goodRun;

  it("succeeds quietly: nothing on stderr, no warning", () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).not.toMatch(/WARN|ERROR/);
  });

  it("prints the config file it used, once", () => {
    expect(result.stdout.split("\n").filter((line) => line.startsWith("Config: "))).toEqual([`Config: ${ws.config}`]);
  });

  it("prints each acknowledged design decision once, as information with its reason", () => {
    expect(result.stdout.split("\n").filter((line) => line.startsWith("ACKNOWLEDGED")).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "ACKNOWLEDGED DAR-ECR-2 [poc/repository-demo-api/repository]",
      "ACKNOWLEDGED DAR-ECR-5 [poc/repository-demo-api/repository]",
      "ACKNOWLEDGED DAR-ECR-5 [prod/repository-demo-api/repository]",
    ]);
  });

  it("ends with what it wrote, once", () => {
    expect(result.stdout.trimEnd().split("\n").pop()).toBe(`Synthesized poc, prod into ${ws.outdir}`);
  });

  it("writes both stacks and the manifest", () => {
    expect(Object.keys(filesOf(ws.outdir)).sort()).toEqual(["manifest.json", "stacks/poc/cdk.tf.json", "stacks/prod/cdk.tf.json"]);
  });

  it("writes byte for byte what the app writes when the cdktf CLI runs it", () => {
    const cli = workspace();
    const underCli = run(["scripts/run-app.js", "main.ts"], { ...CDKTF_CLI_ENV, REGISTRY_CONFIG: ws.config, CDKTF_OUTDIR: cli.outdir });
    expect(underCli.status).toBe(0);
    expect(filesOf(cli.outdir)).toEqual(filesOf(ws.outdir));
  });
});

describe("a production environment whose repository guard is turned off", () => {
  it("warns once on stderr with the reason, and still synthesizes", () => {
    // GIVEN prod with the guard off, for a stated reason
    const ws = workspace((c) => {
      c.environments.prod.repositoryGuard = { enabled: false, reason: "shared with the data team until 2027-01" };
      delete c.environments.prod.repositories[0].exclusivePull;
    });
    // WHEN it is synthesized
    const result = run(["scripts/synth.js", "--output", ws.outdir], { REGISTRY_CONFIG: ws.config });
    // THEN it succeeds, and the warning names the stack and the reason, once
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual(["WARNING [prod] the repository guard is off in production: shared with the data team until 2027-01"]);
  });
});

describe("a failed synth", () => {
  /** A workspace whose output folder holds an earlier good synth. */
  function withEarlierOutput(edit: (config: any) => void) {
    const ws = workspace(edit);
    cpSync(good.outdir, ws.outdir, { recursive: true });
    return ws;
  }
  beforeAll(() => expect(goodRun.status).toBe(0));

  it("with a config error exits 1, says why once on stderr, and removes the earlier output", () => {
    const ws = withEarlierOutput((c) => (c.environments.prod.awsAccountId = "12345"));
    const result = run(["scripts/run-app.js", "main.ts"], { REGISTRY_CONFIG: ws.config, CDKTF_OUTDIR: ws.outdir });
    expect(result.status).toBe(1);
    expect(count(result.stderr, 'prod.awsAccountId: expected 12 digits, got "12345"')).toBe(1);
    expect(result.stdout).not.toContain("prod.awsAccountId");
    expect(result.stderr).toContain(`Removed the earlier output in ${ws.outdir}: it no longer matches the config.`);
    expect(existsSync(ws.outdir)).toBe(false);
  });

  it("with a guardrail error under the cdktf CLI prints the findings once on stdout and leaves no manifest, so the CLI fails by itself", () => {
    const ws = withEarlierOutput((c) => (c.environments.prod.repositories[0].tagMutability = "MUTABLE"));
    const result = run(["scripts/run-app.js", "main.ts"], { ...CDKTF_CLI_ENV, REGISTRY_CONFIG: ws.config, CDKTF_OUTDIR: ws.outdir });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(count(result.stdout, "ERROR DAR-ECR-2 [prod/repository-demo-api/repository]")).toBe(1);
    expect(result.stdout.trimEnd().split("\n").pop()).toBe("(cdktf adds that the app did not call synth() and no manifest.json was created: that is this stop.)");
    expect(existsSync(path.join(ws.outdir, "manifest.json"))).toBe(false);
  });
});

/** The framework's CLI as installed: cdktf-cli, or cdktn-cli once scripts/switch-to-cdktn.js has run. */
const CLI = "cdktn-cli" in JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies ? "cdktn" : "cdktf";
/** cdktf-cli 0.21 cannot start on Node > 22: its native terminal module has no newer build (README, Prerequisites). */
const CLI_STARTS = CLI === "cdktn" || Number(process.versions.node.split(".")[0]) <= 22;

(CLI_STARTS ? describe : describe.skip)(`npx ${CLI} synth (the real CLI) on a guardrail error`, () => {
  it("exits 1, prints the finding once, and writes nothing", () => {
    // GIVEN a config whose prod repository has mutable tags
    const ws = workspace((c) => (c.environments.prod.repositories[0].tagMutability = "MUTABLE"));
    // WHEN the cdktf CLI synthesizes it (without npx: the same binary, ~0.5 s less)
    const result = run([path.join(ROOT, "node_modules", ".bin", CLI), "synth", "--output", ws.outdir], { REGISTRY_CONFIG: ws.config });
    // THEN it fails, with the finding once in all its output, and no output folder
    expect(result.status).toBe(1);
    expect(count(result.stdout + result.stderr, "ERROR DAR-ECR-2 [prod/repository-demo-api/repository]")).toBe(1);
    expect(existsSync(ws.outdir)).toBe(false);
  }, 60_000);
});

describe("the state bootstrap app (bootstrap/, run from there as cdktf does)", () => {
  it("reads a relative REGISTRY_CONFIG from the project root, and says which file it used", () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), "bootstrap-")), "cdktf.out");
    const result = spawnSync(process.execPath, ["../scripts/run-app.js", "bootstrap/main.ts"], {
      cwd: path.join(ROOT, "bootstrap"),
      encoding: "utf8",
      env: { ...process.env, REGISTRY_CONFIG: "__tests__/fixtures/config/example.json", CDKTF_OUTDIR: outdir },
    });
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("Config: __tests__/fixtures/config/example.json");
    expect(readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["state-bootstrap-poc", "state-bootstrap-prod"]);
  });
});
