import { validateWorkflow } from "@action-validator/core";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { environmentsWith } from "../support/config";
import { synthStack } from "../support/synth";

const WORKFLOW_FILE = path.join(__dirname, "..", "..", "examples", "github-actions", "ecr-push.yml");
const source = readFileSync(WORKFLOW_FILE, "utf8");
const workflow = parse(source);

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean | number>;
}
const steps: Step[] = workflow.jobs.push.steps;
const step = (name: string): Step => {
  const found = steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step named "${name}"`);
  return found;
};
const indexOf = (name: string) => steps.indexOf(step(name));

/** Run a step's script with bash, `env` as its environment and `stubs` as commands on PATH. */
function runStep(name: string, env: Record<string, string>, stubs: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "workflow-step-"));
  for (const [command, script] of Object.entries(stubs)) {
    writeFileSync(path.join(dir, command), `#!/usr/bin/env bash\n${script}\n`);
    chmodSync(path.join(dir, command), 0o755);
  }
  const outputFile = path.join(dir, "github-output");
  writeFileSync(outputFile, "");
  let status = 0;
  let stdout = "";
  try {
    stdout = execFileSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step(name).run!], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: outputFile, GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567", ...env },
      stdio: "pipe",
    }).toString();
  } catch (error) {
    status = (error as { status: number }).status;
    stdout = String((error as { stdout: Buffer }).stdout);
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8").split("\n").filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
  return { status, stdout, outputs, dir };
}

describe("examples/github-actions/ecr-push.yml", () => {
  it("is a valid GitHub Actions workflow (schema check by @action-validator/core)", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it("runs on pushes to master and on version tags only", () => {
    expect(workflow.on).toEqual({ push: { branches: ["master"], tags: ["v*.*.*"] } });
  });

  it("can request an OIDC token and read the code, and nothing else", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
  });

  it("pins every action to a release version or a commit", () => {
    const unpinned = steps.filter((s) => s.uses && !/@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/.test(s.uses)).map((s) => s.uses);
    expect(unpinned).toEqual([]);
  });

  it("passes secrets to the build as BuildKit secrets, never as build args", () => {
    const build = step("Build and push").with!;
    expect(build.secrets).toContain("${{ secrets.NPM_TOKEN }}");
    expect(String(build["build-args"])).not.toMatch(/secrets\./);
  });

  it("pushes only the computed tag, never latest", () => {
    expect(step("Build and push").with!.tags).toBe("${{ steps.ecr.outputs.registry }}/${{ env.ECR_REPOSITORY }}:${{ steps.target.outputs.tag }}");
    expect(source).not.toMatch(/:latest\b/);
  });

  it("sends version tags to prod, tagged with the version", () => {
    const { outputs } = runStep("Choose the environment and the image tag", { REF_TYPE: "tag", REF_NAME: "v1.4.2" });
    expect(outputs).toEqual({ environment: "prod", tag: "v1.4.2" });
  });

  it("sends master to poc, tagged with the commit SHA", () => {
    const { outputs } = runStep("Choose the environment and the image tag", { REF_TYPE: "branch", REF_NAME: "master" });
    expect(outputs).toEqual({ environment: "poc", tag: "0123456789abcdef0123456789abcdef01234567" });
  });

  describe("scan gate", () => {
    const gate = "Wait for the ECR scan and fail on CRITICAL findings";
    /** A stub `aws` that logs its calls and reports `counts` as the image's finding severity counts. */
    const aws = (counts: string) => ({ aws: `echo "aws $*" >> calls.log\n[[ "$2" == describe-image-scan-findings ]] && echo '${counts}'\ntrue` });
    const env = { ECR_REPOSITORY: "demo-api", DIGEST: "sha256:abc" };

    it("fails the run when the image has CRITICAL findings", () => {
      expect(runStep(gate, env, aws('{"CRITICAL": 2, "HIGH": 5}')).status).toBe(1);
    });

    it("passes images with findings below CRITICAL, or none", () => {
      expect(runStep(gate, env, aws('{"HIGH": 5}')).status).toBe(0);
      expect(runStep(gate, env, aws("null")).status).toBe(0);
    });

    it("waits for the scan of the pushed digest before reading its findings", () => {
      const calls = readFileSync(path.join(runStep(gate, env, aws("null")).dir, "calls.log"), "utf8").split("\n");
      expect(calls[0]).toBe("aws ecr wait image-scan-complete --repository-name demo-api --image-id imageDigest=sha256:abc");
      expect(calls[1]).toMatch(/^aws ecr describe-image-scan-findings --repository-name demo-api --image-id imageDigest=sha256:abc /);
    });

    it("runs after the push and before the evidence is written", () => {
      expect(indexOf(gate)).toBeGreaterThan(indexOf("Build and push"));
      expect(indexOf(gate)).toBeLessThan(indexOf("Write the evidence"));
    });
  });

  it("uploads evidence naming the repository, tag, digest and base image digest", () => {
    const evidence = step("Write the evidence").run!;
    for (const field of ["repository", "imageTag", "imageDigest", "baseImageDigest"]) expect(evidence).toContain(`${field}: $${field}`);
    expect(step("Upload the evidence")).toMatchObject({ uses: expect.stringMatching(/^actions\/upload-artifact@/), with: { path: "evidence.json" } });
  });
});

/** `#   POC_AWS_DEPLOY_ROLE_ARN   cdktf output poc  -> github_deploy_role_arn` lines of the workflow's header. */
const documentedOutputs = [...source.matchAll(/^#\s+(\w+)\s+cdktf output (\S+)\s+->\s+(\S+)$/gm)].map(([, variable, stack, output]) => ({ variable, stack, output }));

describe("the workflow's variables match the stack outputs", () => {
  const environments = environmentsWith();
  const outputs = Object.fromEntries(environments.map((env) => [env.name, Object.keys(synthStack(env).output ?? {})]));
  const roleInput = String(step("Assume the deploy role (OIDC, no stored AWS keys)").with!["role-to-assume"]);

  it("documents a role variable for every environment, and uses it", () => {
    expect(documentedOutputs.map((d) => d.stack).sort()).toEqual(environments.map((e) => e.name).sort());
    for (const { variable } of documentedOutputs) expect(roleInput).toContain(`vars.${variable}`);
  });

  it("pushes to a repository every environment's stack creates and outputs", () => {
    for (const env of environments) {
      expect(env.repositories.map((r) => r.name)).toContain(workflow.env.ECR_REPOSITORY);
      expect(outputs[env.name]).toContain(`${workflow.env.ECR_REPOSITORY}_repository_url`);
    }
  });

  it("needs a single AWS_REGION variable because every environment uses the same region", () => {
    expect(step("Assume the deploy role (OIDC, no stored AWS keys)").with!["aws-region"]).toBe("${{ vars.AWS_REGION }}");
    expect(new Set(environments.map((e) => e.region)).size).toBe(1);
  });

  // The deploy role and its output come with the OIDC branch; when merged this fails: turn it into `it`.
  it("reads each role ARN from an output its stack declares", () => {
    for (const { stack, output } of documentedOutputs) expect(outputs[stack]).toContain(output);
  });
});
