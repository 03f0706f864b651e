import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const { differences }: { differences(before: string, after: string): string[] } = require(path.join(__dirname, "..", "..", "scripts", "diff-synth.js"));

describe("diff-synth", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "diff-synth-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A synth output tree: file path -> JSON document. */
  function tree(name: string, files: Record<string, unknown>): string {
    for (const [file, json] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name, file)), { recursive: true });
      writeFileSync(path.join(dir, name, file), JSON.stringify(json));
    }
    return path.join(dir, name);
  }

  it("lists each changed, added and removed value once, whatever the number of stacks", () => {
    const stack = (version: string, extra: object) => ({ "//": { metadata: { version } }, terraform: { required_providers: { aws: { version } } }, ...extra });
    const before = tree("a", { "stacks/poc/cdk.tf.json": stack("1", { old: true }), "stacks/prod/cdk.tf.json": stack("1", { old: true }) });
    const after = tree("b", { "stacks/poc/cdk.tf.json": stack("2", { new: [1] }), "stacks/prod/cdk.tf.json": stack("2", { new: [1] }) });

    expect(differences(before, after)).toEqual([
      'stacks/*/cdk.tf.json .new[0]: (absent) -> 1',
      "stacks/*/cdk.tf.json .old: true -> (absent)",
      'stacks/*/cdk.tf.json .terraform.required_providers.aws.version: "1" -> "2"',
      'stacks/*/cdk.tf.json ["//"].metadata.version: "1" -> "2"',
    ]);
  });

  it("ignores annotation stack traces, which hold absolute paths and line numbers", () => {
    const manifest = (where: string) => ({ stacks: { poc: { annotations: [{ message: "m", stacktrace: [where] }] } } });
    expect(differences(tree("a", { "manifest.json": manifest("/a/main.ts:1") }), tree("b", { "manifest.json": manifest("/b/main.ts:9") }))).toEqual([]);
  });

  it("names a file only one side wrote", () => {
    expect(differences(tree("a", { "manifest.json": {} }), tree("b", { "manifest.json": {}, "stacks/x/cdk.tf.json": {} }))).toEqual([
      "stacks/*/cdk.tf.json: only in the cdktn variant",
    ]);
  });
});
