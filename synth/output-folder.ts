import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * cdktf's output folder (`cdktf.out`), written all at once or not at all. The app synthesizes into a fresh
 * temporary folder; only a synth that succeeded is copied in. A failed synth removes the previous output,
 * so no Terraform that disagrees with the config is left to `cdktf deploy --skip-synth` or to `terraform`.
 */
export class OutputFolder {
  /** Where the app writes: a temporary folder, outside the output folder. */
  readonly staging = mkdtempSync(path.join(tmpdir(), "registry-synth-"));

  constructor(readonly outdir: string) {}

  /**
   * Copy the synthesized stacks in, manifest last, and remove the folders of stacks that no longer exist (as
   * `cdktf synth` does). Terraform's own files in a stack folder (`.terraform/`, the lock file) stay.
   * Returns the stack names.
   */
  publish(): string[] {
    const manifest = JSON.parse(readFileSync(path.join(this.staging, "manifest.json"), "utf8")) as { stacks: Record<string, { workingDirectory: string }> };
    const stackFolders = Object.values(manifest.stacks).map((stack) => stack.workingDirectory);
    for (const folder of stackFolders) {
      mkdirSync(path.join(this.outdir, folder), { recursive: true });
      for (const file of readdirSync(path.join(this.staging, folder))) {
        copyFileSync(path.join(this.staging, folder, file), path.join(this.outdir, folder, file));
      }
    }
    const stacksFolder = path.join(this.outdir, "stacks");
    for (const orphan of readdirSync(stacksFolder).filter((name) => !stackFolders.includes(`stacks/${name}`))) {
      rmSync(path.join(stacksFolder, orphan), { recursive: true, force: true });
    }
    copyFileSync(path.join(this.staging, "manifest.json"), path.join(this.outdir, "manifest.json"));
    this.discardStaging();
    return Object.keys(manifest.stacks);
  }

  /** After a failure: nothing new was written; remove what an earlier synth wrote (never other files of the folder). Returns whether there was any. */
  removePrevious(): boolean {
    this.discardStaging();
    const earlier = existsSync(path.join(this.outdir, "manifest.json")) || existsSync(path.join(this.outdir, "stacks"));
    rmSync(path.join(this.outdir, "manifest.json"), { force: true });
    rmSync(path.join(this.outdir, "stacks"), { recursive: true, force: true });
    if (existsSync(this.outdir) && readdirSync(this.outdir).length === 0) rmdirSync(this.outdir);
    return earlier;
  }

  private discardStaging(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
