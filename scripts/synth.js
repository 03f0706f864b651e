#!/usr/bin/env node
// `npm run synth`: what `cdktf synth` does for this project, without the cdktf CLI's ~2-4 s start-up. It runs
// cdktf.json's app in this process with the environment the CLI gives it (@cdktf/cli-core, lib/synth-stack.ts:
// CDKTF_OUTDIR and CDKTF_CONTEXT_JSON with cdktf.json's context and its relative modules), so cdktf.out is the
// same, byte for byte (bench/run.js checks it). `npx cdktf diff/deploy` still synthesize through the CLI.
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");

const ROOT = path.join(__dirname, "..");
const USAGE = `Usage: npm run synth [-- --output DIR]

Synthesizes every environment of the config (REGISTRY_CONFIG, default config/environments.json) into
cdktf.out/, as \`npx cdktf synth\` does, in well under a second.
  -o, --output DIR   output folder (default: cdktf.json's "output", else cdktf.out)
  -h, --help         print this help`;

let flags;
try {
  ({ values: flags } = parseArgs({ options: { output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } } }));
} catch (error) {
  console.error(`synth: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
const app = /^node scripts\/run-app\.js (\S+\.ts)$/.exec(cdktfJson.app);
if (!app) {
  console.error(`synth: cdktf.json's app is "${cdktfJson.app}"; this script runs only "node scripts/run-app.js <entry>.ts". Use npx cdktf synth.`);
  process.exit(2);
}
// The CLI's context: cdktf.json's, plus the relative Terraform modules it lists ("./..." or "../...").
const relativeModules = (cdktfJson.terraformModules ?? []).filter((m) => /^\.\.?\//.test(typeof m === "string" ? m : m.source));
process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ ...(cdktfJson.context ?? {}), cdktfRelativeModules: relativeModules });
process.env.CDKTF_OUTDIR = flags.output ?? cdktfJson.output ?? "cdktf.out";
process.chdir(ROOT);
require("./run-app").runTypeScript(app[1]);
