import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type CliDependencies, runLifecyclePreview } from "../../../tools/lifecycle-preview/run";
import { EXAMPLE_CONFIG_FILE, environmentsWith } from "../../support/config";

const GIB = 1024 ** 3;
const NOW = "2025-06-01T00:00:00Z";

/** `describe-images` output as AWS CLI v2 prints it (ISO times), for the prod repository. */
const describeImages = {
  imageDetails: [
    { registryId: "222222222222", repositoryName: "demo-api", imageDigest: "sha256:01", imageTags: ["v1.0.0", "abc1234"], imagePushedAt: "2025-05-01T10:00:00+09:00", imageSizeInBytes: 2 * GIB },
    { registryId: "222222222222", repositoryName: "demo-api", imageDigest: "sha256:02", imagePushedAt: "2025-05-20T00:00:00.000000+00:00", imageSizeInBytes: 1 * GIB },
    { registryId: "222222222222", repositoryName: "demo-api", imageDigest: "sha256:03", imagePushedAt: "2025-05-31T00:00:00+00:00", imageSizeInBytes: 1 * GIB },
  ],
};

function depsWith(files: Record<string, string>, edit?: (config: Record<string, any>) => void): CliDependencies {
  return {
    readFile: (file) => {
      if (!(file in files)) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return files[file];
    },
    environments: () => environmentsWith(edit),
    now: () => new Date(NOW),
  };
}

const run = (argv: string[], files: Record<string, string> = { "images.json": JSON.stringify(describeImages) }, edit?: (config: Record<string, any>) => void) =>
  runLifecyclePreview(argv, depsWith(files, edit));

describe("lifecycle:preview on the committed prod config", () => {
  const result = run(["--env", "prod", "--images", "images.json", "--json"]);
  const report = JSON.parse(result.stdout);

  it("expires the untagged image older than 7 days and keeps the recent one and the release", () => {
    expect(report.expired.map((i: { imageDigest: string }) => i.imageDigest)).toEqual(["sha256:02"]);
    expect(report.kept.map((i: { imageDigest: string }) => i.imageDigest)).toEqual(["sha256:03", "sha256:01"]);
  });

  it("reports storage freed and the monthly cost before and after at $0.10 per GB-month", () => {
    expect(report.totals.bytes).toEqual({ before: 4 * GIB, after: 3 * GIB, freed: GIB });
    expect(report.totals.monthlyCostUsd).toEqual({ before: 0.4, after: 0.3 });
  });

  it("attributes each expired image to the rule that expires it", () => {
    expect(report.rules.map((r: { rulePriority: number; expired: unknown[] }) => [r.rulePriority, r.expired.length])).toEqual([[1, 1], [2, 0]]);
  });
});

describe("lifecycle:preview options", () => {
  it("accepts epoch seconds as AWS CLI v1 prints them", () => {
    const v1 = { imageDetails: describeImages.imageDetails.map((i) => ({ ...i, imagePushedAt: Date.parse(i.imagePushedAt) / 1000 })) };
    const report = JSON.parse(run(["--env", "prod", "--images", "v1.json", "--json"], { "v1.json": JSON.stringify(v1) }).stdout);
    expect(report.expired.map((i: { imageDigest: string }) => i.imageDigest)).toEqual(["sha256:02"]);
  });

  it("prices storage with --price-per-gb", () => {
    const report = JSON.parse(run(["--env", "prod", "--images", "images.json", "--json", "--price-per-gb", "0.5"]).stdout);
    expect(report.totals.monthlyCostUsd).toEqual({ before: 2, after: 1.5 });
  });

  it("evaluates as of --now", () => {
    const report = JSON.parse(run(["--env", "prod", "--images", "images.json", "--json", "--now", "2025-05-21T00:00:00Z"]).stdout);
    expect(report.expired).toEqual([]);
  });

  it("prints a table per rule with the images it expires and keeps, then the cost", () => {
    const { stdout } = run(["--env", "prod", "--images", "images.json"]);
    expect(stdout).toMatch(/Rule 1 "Expire untagged images 7 days after push".*\n.*expires 1 \(1\.0 GiB\), keeps 1 of the 2/);
    expect(stdout).toMatch(/EXPIRE\s+sha256:02\s+<untagged>/);
    expect(stdout).toMatch(/keep\s+sha256:01\s+v1\.0\.0,abc1234/);
    expect(stdout).toContain("Monthly cost: $0.40 -> $0.30 at $0.10/GB-month");
  });

  it("warns when equal push times decide which image a count rule keeps", () => {
    const twins = { imageDetails: ["sha256:aa", "sha256:bb"].map((imageDigest, i) => ({ imageDigest, imageTags: [`v${i}`], imagePushedAt: 1748736000, imageSizeInBytes: 1 })) };
    const { stdout } = run(["--env", "prod", "--images", "t.json"], { "t.json": JSON.stringify(twins) }, (c) => {
      c.environments.prod.repositories[0].lifecycleRules[1].countNumber = 1;
    });
    expect(stdout).toContain("WARNING: rule 2: sha256:bb and sha256:aa were pushed at the same time");
  });
});

describe("lifecycle:preview errors", () => {
  const errorOf = (argv: string[], files?: Record<string, string>, edit?: (config: Record<string, any>) => void) => {
    const result = run(argv, files, edit);
    expect(result.exitCode).toBe(1);
    return result.stderr;
  };

  it("rejects a file that is not JSON", () => {
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": "Repository does not exist" })).toMatch(
      /^lifecycle:preview: x\.json: not JSON \(.*\)\. Produce it with "aws ecr describe-images --repository-name <name> --output json > images\.json"\./,
    );
  });

  it("rejects JSON that is not describe-images output", () => {
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": '{"repositories": []}' })).toContain(
      'x.json: not "aws ecr describe-images" output: expected an object with an "imageDetails" list.',
    );
  });

  it("names the entry and field of a malformed image", () => {
    const bad = { imageDetails: [{ imageDigest: "sha256:01", imagePushedAt: "yesterday", imageSizeInBytes: 1 }] };
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": JSON.stringify(bad) })).toContain(
      'x.json: imageDetails[0].imagePushedAt: expected an ISO 8601 time or epoch seconds, got "yesterday".',
    );
  });

  it("rejects a single page of paginated output", () => {
    const page = { ...describeImages, nextToken: "abc" };
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": JSON.stringify(page) })).toContain('holds one page only ("nextToken" is set)');
  });

  it("names the known environments when the environment is unknown", () => {
    expect(errorOf(["--env", "staging", "--images", "images.json"])).toContain('--env: unknown environment "staging". Known environments: poc, prod.');
  });

  it("names the known repositories when the repository is unknown", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--repository", "web"])).toContain(
      'unknown repository "web" in environment "prod". Known repositories: demo-api.',
    );
  });

  it("refuses images of another repository than the one asked for", () => {
    const other = { imageDetails: describeImages.imageDetails.map((i) => ({ ...i, repositoryName: "web" })) };
    expect(errorOf(["--env", "prod", "--images", "x.json", "--repository", "demo-api"], { "x.json": JSON.stringify(other) })).toContain(
      '--repository is "demo-api" but the images file lists images of "web".',
    );
  });

  it("says when the images file cannot be read", () => {
    expect(errorOf(["--env", "prod", "--images", "missing.json"])).toContain('--images: cannot read "missing.json" (ENOENT');
  });

  it("requires --env", () => {
    expect(errorOf(["--images", "images.json"])).toContain("--env is required.");
  });

  it("rejects an unknown option with the usage", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--enviroment", "x"])).toMatch(/Unknown option '--enviroment'[\s\S]*Usage: npm run lifecycle:preview/);
  });

  it("rejects a negative price", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--price-per-gb=-1"])).toContain(
      '--price-per-gb: expected a non-negative number of US dollars such as 0.10, got "-1".',
    );
  });

  it("rejects a --now that is not an ISO time", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--now", "tomorrow"])).toContain('--now: expected an ISO 8601 time such as 2025-01-31T00:00:00Z, got "tomorrow".');
  });
});

describe("npm run lifecycle:preview", () => {
  it("runs the CLI through the swc runner and exits 1 on bad input", () => {
    // GIVEN a file that is not describe-images output
    const file = path.join(mkdtempSync(path.join(tmpdir(), "lifecycle-preview-")), "images.json");
    writeFileSync(file, "[]");
    // WHEN the command runs as npm runs it
    const root = path.join(__dirname, "..", "..", "..");
    const run = () => execFileSync(process.execPath, ["scripts/run-app.js", "tools/lifecycle-preview/cli.ts", "--env", "prod", "--images", file], { cwd: root, stdio: "pipe", env: { ...process.env, REGISTRY_CONFIG: EXAMPLE_CONFIG_FILE } });
    // THEN it fails with the message
    expect(run).toThrow(/not "aws ecr describe-images" output/);
  });
});
