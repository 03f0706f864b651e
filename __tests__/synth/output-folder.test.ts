import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { OutputFolder } from "../../synth/output-folder";

function write(file: string, text = "") {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** An output folder holding an earlier synth of `stacks`, with Terraform's working files in each stack folder. */
function earlierOutput(stacks: string[]): string {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), "output-folder-")), "cdktf.out");
  write(path.join(outdir, "manifest.json"), "{}");
  for (const stack of stacks) {
    write(path.join(outdir, "stacks", stack, "cdk.tf.json"), "old");
    write(path.join(outdir, "stacks", stack, ".terraform", "terraform.tfstate"), "backend");
  }
  return outdir;
}

/** What an app synth writes into the staging folder. */
function synthesized(folder: OutputFolder, stacks: string[]) {
  const manifest = { stacks: Object.fromEntries(stacks.map((s) => [s, { workingDirectory: `stacks/${s}` }])) };
  write(path.join(folder.staging, "manifest.json"), JSON.stringify(manifest));
  for (const stack of stacks) write(path.join(folder.staging, "stacks", stack, "cdk.tf.json"), `new ${stack}`);
}

describe("publishing a successful synth", () => {
  it("replaces each stack's Terraform JSON and keeps Terraform's working files", () => {
    const outdir = earlierOutput(["poc"]);
    const folder = new OutputFolder(outdir);
    synthesized(folder, ["poc"]);
    expect(folder.publish()).toEqual(["poc"]);
    expect(readFileSync(path.join(outdir, "stacks", "poc", "cdk.tf.json"), "utf8")).toBe("new poc");
    expect(existsSync(path.join(outdir, "stacks", "poc", ".terraform", "terraform.tfstate"))).toBe(true);
  });

  it("removes the folders of stacks the config no longer has, as cdktf synth does", () => {
    const outdir = earlierOutput(["poc", "old-env"]);
    const folder = new OutputFolder(outdir);
    synthesized(folder, ["poc"]);
    folder.publish();
    expect(readdirSync(path.join(outdir, "stacks"))).toEqual(["poc"]);
  });

  it("creates a nested output folder", () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), "output-folder-")), "a", "b");
    const folder = new OutputFolder(outdir);
    synthesized(folder, ["prod"]);
    folder.publish();
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
  });

  it("leaves no staging folder behind", () => {
    const folder = new OutputFolder(earlierOutput([]));
    synthesized(folder, ["poc"]);
    folder.publish();
    expect(existsSync(folder.staging)).toBe(false);
  });
});

describe("after a failed synth", () => {
  it("removes the earlier output, so Terraform that no longer matches the config cannot be deployed", () => {
    const outdir = earlierOutput(["poc", "prod"]);
    expect(new OutputFolder(outdir).removePrevious()).toBe(true);
    expect(existsSync(outdir)).toBe(false);
  });

  it("keeps files that are not cdktf's output, and the folder with them", () => {
    const outdir = earlierOutput(["poc"]);
    write(path.join(outdir, "notes.txt"), "mine");
    new OutputFolder(outdir).removePrevious();
    expect(readdirSync(outdir)).toEqual(["notes.txt"]);
  });

  it("says there was nothing to remove when there was no earlier output", () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), "output-folder-")), "cdktf.out");
    expect(new OutputFolder(outdir).removePrevious()).toBe(false);
  });
});
