// `node scripts/run-app.js scripts/document-sizes.ts <cdktf outdir>`: for each limited document kind, the largest
// one the synthesized stacks hold, with its limit, as JSON on stdout (read by bench/scale.js).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LIMITS } from "../constructs/service-limits";
import { documentSizes, type DocumentSize, type LimitName, type TerraformResources } from "../guardrails/document-sizes";

// argv: node, scripts/run-app.js, this script, the outdir.
const outdir = process.argv[3];
if (!outdir) throw new Error("usage: document-sizes.ts <cdktf outdir>");

const stacksDir = path.join(outdir, "stacks");
const largest = new Map<LimitName, DocumentSize & { stack: string }>();
for (const stack of readdirSync(stacksDir)) {
  const tf = JSON.parse(readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) as { resource?: TerraformResources };
  for (const document of documentSizes(tf.resource ?? {})) {
    const current = largest.get(document.limit);
    if (current === undefined || document.size > current.size) largest.set(document.limit, { ...document, stack });
  }
}
const report = Object.fromEntries(
  (Object.keys(LIMITS) as LimitName[]).map((name) => [name, { ...LIMITS[name], largest: largest.get(name) ?? null }]),
);
process.stdout.write(`${JSON.stringify(report)}\n`);
