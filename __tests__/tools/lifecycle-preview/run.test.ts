import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type CliDependencies, runLifecyclePreview } from "../../../tools/lifecycle-preview/run";
import { EXAMPLE_CONFIG_FILE, environmentsWith } from "../../support/config";
import { adversarialReplay, pocBuilds } from "../../support/lifecycle";

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

const digestsOf = (images: { imageDigest: string }[]) => images.map((i) => i.imageDigest);

describe("lifecycle:preview on the example prod config", () => {
  const result = run(["--env", "prod", "--images", "images.json", "--json"]);
  const report = JSON.parse(result.stdout);

  it("expires the untagged image older than 7 days and keeps the recent one and the release", () => {
    expect(digestsOf(report.expired)).toEqual(["sha256:02"]);
    expect(digestsOf(report.kept)).toEqual(["sha256:03", "sha256:01"]);
  });

  it("reports storage per storage class and the monthly cost before and after at $0.10 per GB-month", () => {
    expect(report.totals.bytes).toEqual({ standard: { before: 4 * GIB, after: 3 * GIB }, archive: { before: 0, after: 0 } });
    expect(report.totals.monthlyCostUsd.total).toEqual({ before: 0.4, after: 0.3 });
  });

  it("attributes each expired image to the rule that expires it, the protection rule first", () => {
    expect(report.rules.map((r: { rulePriority: number; expired: unknown[] }) => [r.rulePriority, r.expired.length])).toEqual([[1, 0], [2, 1], [3, 0], [4, 0]]);
  });
});

/** describe-images output (ISO times, as CLI v2 prints them) for the images of a scenario. */
function describeImagesOf(images: { digest: string; tags: readonly string[]; pushedAt: number; sizeBytes: number }[]) {
  return JSON.stringify({
    imageDetails: images.map((i) => ({ repositoryName: "demo-api", imageDigest: i.digest, imageTags: i.tags, imagePushedAt: new Date(i.pushedAt).toISOString(), imageSizeInBytes: i.sizeBytes, imageStatus: "ACTIVE" })),
  });
}

describe("lifecycle:preview replaying issue 12's adversarial pushes on prod (31 releases, then 30 v-tags)", () => {
  const { releases, images, now } = adversarialReplay();
  const argv = ["--env", "prod", "--images", "replay.json", "--now", new Date(now).toISOString()];
  const files = { "replay.json": describeImagesOf(images) };
  const report = JSON.parse(run([...argv, "--json"], files).stdout);

  it("loses no real release: none expires, and the release rule archives the 11 oldest", () => {
    expect(digestsOf(report.expired)).toEqual([]);
    expect(digestsOf(report.archived).sort()).toEqual(releases.slice(0, 11).map((i) => i.digest));
  });

  it("prices both storage classes: 11 releases of 200 MiB move from standard to archive", () => {
    expect(report.totals.bytes.archive).toEqual({ before: 0, after: 11 * 200 * 1024 ** 2 });
    expect(report.totals.monthlyCostUsd.standard).toEqual({ before: 1.19, after: 0.98 });
    expect(report.totals.monthlyCostUsd.archive).toEqual({ before: 0, after: 0.21 });
  });

  it("prices the archive with --archive-price-per-gb", () => {
    const cheap = JSON.parse(run([...argv, "--json", "--archive-price-per-gb", "0.07"], files).stdout);
    expect(cheap.totals.monthlyCostUsd.archive).toEqual({ before: 0, after: 0.15 });
  });

  it("summarises each rule with its first 5 images and says how many more --all would list", () => {
    const { stdout } = run(argv, files);
    expect(stdout).toMatch(/Rule 3 "Keep the newest 30 releases \(v\*\.\*\.\*\) pullable, archive older ones": tagged patterns \["v\*\.\*\.\*"\], beyond the newest 30 -> archive\n  selects 41 \(1 of them selected by a higher rule, which this rule cannot touch\): expires 0 \(0 B\), archives 11 \(2\.1 GiB\), keeps 30/);
    expect(stdout.match(/^ {4}ARCHIVE /gm)).toHaveLength(5);
    expect(stdout).toContain("    ... and 6 more to archive, 25 more to keep (--all lists every image)");
  });

  it("lists every image of every rule with --all", () => {
    const { stdout } = run([...argv, "--all"], files);
    expect(stdout.match(/^ {4}ARCHIVE /gm)).toHaveLength(11);
    expect(stdout).not.toContain("--all lists every image");
  });

  it("prints both storage classes' cost", () => {
    const { stdout } = run(argv, files);
    expect(stdout).toContain("Standard:     11.9 GiB -> 9.8 GiB, $1.19 -> $0.98 a month at $0.10/GB-month");
    expect(stdout).toContain("Archive:      0 B -> 2.1 GiB, $0.00 -> $0.21 a month at $0.10/GB-month (not pullable until restored; restoring is billed per GB; 90-day minimum)");
  });
});

describe("lifecycle:preview of poc after 300 master builds", () => {
  let report: any;
  beforeAll(() => {
    const { images, now } = pocBuilds(300);
    report = JSON.parse(run(["--env", "poc", "--images", "poc.json", "--now", new Date(now).toISOString(), "--json"], { "poc.json": describeImagesOf(images) }).stdout);
  });

  it("keeps the repository bounded: 300 images -> at most 50", () => {
    expect(report.totals.images.before).toBe(300);
    expect(report.totals.images.after).toBeLessThanOrEqual(50);
  });

  it("leaves no image unselected", () => {
    expect(report.unselected).toEqual([]);
  });
});

describe("lifecycle:preview options", () => {
  it("accepts epoch seconds as AWS CLI v1 prints them", () => {
    const v1 = { imageDetails: describeImages.imageDetails.map((i) => ({ ...i, imagePushedAt: Date.parse(i.imagePushedAt) / 1000 })) };
    const report = JSON.parse(run(["--env", "prod", "--images", "v1.json", "--json"], { "v1.json": JSON.stringify(v1) }).stdout);
    expect(digestsOf(report.expired)).toEqual(["sha256:02"]);
  });

  it("prices standard storage with --price-per-gb", () => {
    const report = JSON.parse(run(["--env", "prod", "--images", "images.json", "--json", "--price-per-gb", "0.5"]).stdout);
    expect(report.totals.monthlyCostUsd.standard).toEqual({ before: 2, after: 1.5 });
  });

  it("evaluates as of --now", () => {
    const report = JSON.parse(run(["--env", "prod", "--images", "images.json", "--json", "--now", "2025-05-21T00:00:00Z"]).stdout);
    expect(report.expired).toEqual([]);
  });

  it.each([["-h"], ["--help"]])("prints the usage with %s", (flag) => {
    expect(run([flag])).toEqual({ exitCode: 0, stdout: expect.stringMatching(/^Usage: npm run lifecycle:preview[\s\S]*-h, --help/), stderr: "" });
  });

  it("prints a summary per rule with the images it expires and keeps, then the cost", () => {
    const { stdout } = run(["--env", "prod", "--images", "images.json"]);
    expect(stdout).toMatch(/Rule 2 "Expire untagged images 7 days after push.*\n.*selects 2: expires 1 \(1\.0 GiB\), keeps 1/);
    expect(stdout).toMatch(/EXPIRE\s+sha256:02\s+<untagged>/);
    expect(stdout).toMatch(/keep\s+sha256:01\s+v1\.0\.0,abc1234/);
    expect(stdout).toContain("Monthly cost: $0.40 -> $0.30");
  });

  it("reads archived images and counts them apart from standard ones", () => {
    const archived = {
      imageDetails: [
        ...describeImages.imageDetails,
        { repositoryName: "demo-api", imageDigest: "sha256:04", imageTags: ["v0.9.0"], imagePushedAt: "2024-01-01T00:00:00Z", imageSizeInBytes: GIB, imageStatus: "ARCHIVED", lastArchivedAt: "2024-06-01T00:00:00Z" },
      ],
    };
    const report = JSON.parse(run(["--env", "prod", "--images", "a.json", "--json"], { "a.json": JSON.stringify(archived) }).stdout);
    expect(report.totals.bytes.archive).toEqual({ before: GIB, after: GIB });
  });

  it("warns when equal push times decide which image a count rule keeps", () => {
    const twins = { imageDetails: ["sha256:aa", "sha256:bb"].map((imageDigest, i) => ({ imageDigest, imageTags: [`v1.0.${i}`], imagePushedAt: 1748736000, imageSizeInBytes: 1 })) };
    const { stdout } = run(["--env", "prod", "--images", "t.json"], { "t.json": JSON.stringify(twins) }, (c) => {
      c.environments.prod.repositories[0].lifecycleRules[1].countNumber = 1;
    });
    expect(stdout).toContain("WARNING: rule 3: sha256:bb and sha256:aa were pushed at the same time");
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

  it("refuses push times in milliseconds, which would read as dates after the year 9999", () => {
    const ms = { imageDetails: [{ imageDigest: "sha256:01", imagePushedAt: 1748736000000, imageSizeInBytes: 1 }] };
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": JSON.stringify(ms) })).toContain(
      "x.json: imageDetails[0].imagePushedAt: 1748736000000 is not epoch seconds (as seconds it would fall after the year 9999); it looks like milliseconds.",
    );
  });

  it("refuses a --now before every push", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--now", "2020-01-01T00:00:00Z"])).toContain(
      "--now: 2020-01-01T00:00:00.000Z is before every image's push (the earliest is 2025-05-01T01:00:00.000Z), so no age rule could apply. Pass a time after the pushes, or leave --now out to evaluate as of now.",
    );
  });

  it("refuses an archived image without the time it was archived", () => {
    const bad = { imageDetails: [{ imageDigest: "sha256:01", imagePushedAt: 1748736000, imageSizeInBytes: 1, imageStatus: "ARCHIVED" }] };
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": JSON.stringify(bad) })).toContain(
      "x.json: imageDetails[0].lastArchivedAt: an archived image needs the time it was archived; describe-images prints it.",
    );
  });

  it("refuses an unknown image status", () => {
    const bad = { imageDetails: [{ imageDigest: "sha256:01", imagePushedAt: 1748736000, imageSizeInBytes: 1, imageStatus: "DELETED" }] };
    expect(errorOf(["--env", "prod", "--images", "x.json"], { "x.json": JSON.stringify(bad) })).toContain(
      'x.json: imageDetails[0].imageStatus: expected "ACTIVE", "ARCHIVED" or "ACTIVATING", got "DELETED".',
    );
  });

  it("rejects a negative archive price", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--archive-price-per-gb=-0.1"])).toContain(
      '--archive-price-per-gb: expected a non-negative number of US dollars such as 0.10, got "-0.1".',
    );
  });

  it("rejects a --now that is not an ISO time", () => {
    expect(errorOf(["--env", "prod", "--images", "images.json", "--now", "tomorrow"])).toContain('--now: expected an ISO 8601 time such as 2025-01-31T00:00:00Z, got "tomorrow".');
  });
});

describe("npm run lifecycle:preview (the process)", () => {
  const root = path.join(__dirname, "..", "..", "..");

  it("exits 0 without an EPIPE crash when the reader closes the pipe early (--json | head -1)", () => {
    // GIVEN 300 images, so the JSON report is far longer than the pipe buffer
    const file = path.join(mkdtempSync(path.join(tmpdir(), "lifecycle-preview-")), "images.json");
    const { images, now } = pocBuilds(300);
    writeFileSync(file, describeImagesOf(images));
    // WHEN its output goes to `head -1`
    const script = `set -o pipefail; node scripts/run-app.js tools/lifecycle-preview/cli.ts --env poc --images "${file}" --now ${new Date(now).toISOString()} --json | head -1`;
    const result = spawnSync("bash", ["-c", script], { cwd: root, encoding: "utf8", env: { ...process.env, REGISTRY_CONFIG: EXAMPLE_CONFIG_FILE } });
    // THEN it prints the first line and ends quietly with status 0
    expect([result.status, result.stdout, result.stderr]).toEqual([0, "{\n", ""]);
  });

  it("runs the CLI through the swc runner and exits 1 on bad input", () => {
    // GIVEN a file that is not describe-images output
    const file = path.join(mkdtempSync(path.join(tmpdir(), "lifecycle-preview-")), "images.json");
    writeFileSync(file, "[]");
    // WHEN the command runs as npm runs it
    const run = () => execFileSync(process.execPath, ["scripts/run-app.js", "tools/lifecycle-preview/cli.ts", "--env", "prod", "--images", file], { cwd: root, stdio: "pipe", env: { ...process.env, REGISTRY_CONFIG: EXAMPLE_CONFIG_FILE } });
    // THEN it fails with the message
    expect(run).toThrow(/not "aws ecr describe-images" output/);
  });
});
