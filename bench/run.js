#!/usr/bin/env node
// `npm run bench [-- --rounds 7 --synth-rounds 3 --stock-rounds N --scale-sizes 1,10,100,500 --compare "<app command>"
// --skip-tests --write]`: synth speed and memory in interleaved rounds, as markdown on stdout (and in
// bench/RESULTS.md with --write). `--compare` adds a candidate app command to try a lever. See docs/performance.md.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { measure, median } = require("./measure");
const scale = require("./scale");

const ROOT = path.join(__dirname, "..");
const MIB = 1024 * 1024;

const USAGE = `Usage: npm run bench [-- OPTIONS]

Synth speed and memory in interleaved rounds, as markdown on stdout; see docs/performance.md.
  --rounds N             rounds of each command (default 7, or BENCH_ROUNDS)
  --synth-rounds N       rounds of \`npx cdktf synth\` (default 3, or BENCH_SYNTH_ROUNDS)
  --stock-rounds N       rounds of \`npx ts-node main.ts\` (default: --rounds, or BENCH_STOCK_ROUNDS)
  --scale-sizes A,B,...  repositories per environment of the scale series (default 1,10,100)
  --compare "COMMAND"    also time a candidate app command (repeatable)
  --skip-tests           do not time npm test
  --write                also write bench/RESULTS.md
  -h, --help             print this help`;
const { values: flags } = parseFlags({
  options: {
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "7" },
    "synth-rounds": { type: "string", default: process.env.BENCH_SYNTH_ROUNDS ?? "3" },
    "stock-rounds": { type: "string", default: process.env.BENCH_STOCK_ROUNDS },
    "scale-sizes": { type: "string", default: process.env.BENCH_SCALE_SIZES ?? scale.DEFAULT_SIZES },
    compare: { type: "string", multiple: true, default: [] },
    "skip-tests": { type: "boolean", default: false },
    write: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

/** parseArgs, with a usage message instead of a stack trace for an unknown option. */
function parseFlags(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`bench: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const rounds = positive(flags.rounds, "--rounds");
const synthRounds = positive(flags["synth-rounds"], "--synth-rounds");
const stockRounds = flags["stock-rounds"] === undefined ? rounds : positive(flags["stock-rounds"], "--stock-rounds");
const scaleSizes = flags["scale-sizes"].split(",").map((s) => positive(s, "--scale-sizes"));

function positive(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${name}: expected a positive integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const GOALS = { appVsFloor: 3, appRssMiB: 150, synthSeconds: 5, npmSynthSeconds: 1, testSeconds: 15, scaleSeconds: 2 };
const appCommand = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "registry-bench-"));
const outdir = (name) => path.join(tmp, `out-${name}`);
const hasTsNode = fs.existsSync(path.join(ROOT, "node_modules", ".bin", "ts-node"));

/** Every command runs from the repo root with its Terraform JSON in a temp dir, never in cdktf.out. */
const variants = [
  { id: "floor", label: "floor: `node -e \"require('cdktf')\"`", command: `node -e "require('cdktf')"` },
  { id: "app", label: `app command (cdktf.json): \`${appCommand}\``, command: appCommand, env: { CDKTF_OUTDIR: outdir("app") } },
  {
    id: "app-cold",
    label: "app command, transpile cache emptied first (first synth after a clone or an edit)",
    command: `rm -rf node_modules/.cache/run-app && ${appCommand}`,
    env: { CDKTF_OUTDIR: outdir("app-cold") },
  },
  ...flags.compare.map((command, i) => ({ id: `compare-${i}`, label: `candidate (--compare): \`${command}\``, command, env: { CDKTF_OUTDIR: outdir(`compare-${i}`) } })),
  ...(hasTsNode
    ? [{ id: "stock", label: "stock: `npx ts-node main.ts` (type-checks; our deep imports)", command: "npx ts-node main.ts", env: { CDKTF_OUTDIR: outdir("stock") }, rounds: stockRounds }]
    : []),
  { id: "npm-synth", label: "`npm run synth` (README's main command: scripts/synth.js)", command: `npm run -s synth -- --output ${outdir("npm-synth")}` },
  { id: "synth", label: "`npx cdktf synth` end to end", command: `npx cdktf synth --output ${outdir("synth")}`, rounds: synthRounds },
  { id: "synth-bin", label: "`node_modules/.bin/cdktf synth` (the same without npx)", command: `node_modules/.bin/cdktf synth --output ${outdir("synth-bin")}`, rounds: synthRounds },
  ...scale.variants(scaleSizes, { appCommand, tmp, outdir }),
];

/**
 * The goals are about the committed config: a REGISTRY_CONFIG of the caller's shell must not leak in. The cdktf
 * CLI's version check (a request to checkpoint-api.hashicorp.com) is off, as in every command of the project.
 */
const { REGISTRY_CONFIG: _ignored, ...callerEnv } = process.env;
const baseEnv = { ...callerEnv, CHECKPOINT_DISABLE: "1" };

function run(variant) {
  const result = measure(variant.command, { cwd: ROOT, env: { ...baseEnv, ...variant.env } });
  if (result.status !== 0) {
    console.error(`bench: "${variant.command}" failed (exit ${result.status}):\n${result.stderr}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }
  return result;
}

const loadBefore = os.loadavg();
const samples = new Map(variants.map((v) => [v.id, []]));
progress(`warm-up, then ${rounds} interleaved rounds (synth ${synthRounds}, stock ${hasTsNode ? stockRounds : "skipped"})`);
for (const v of variants) run(v);
for (let round = 0; round < rounds; round++) {
  // Rotate the starting command so each one takes every position in the round (first after a pause, last...).
  const order = variants.map((_, i) => variants[(i + round) % variants.length]);
  for (const v of order) if (round < (v.rounds ?? rounds)) samples.get(v.id).push(run(v));
  progress(`round ${round + 1}/${rounds}`);
}
const sameOutput = compareOutputs(outdir("npm-synth"), outdir("synth"));
const npmTest = flags["skip-tests"] ? undefined : timeNpmTest();
const loadAfter = os.loadavg();

const stats = new Map(
  variants.map((v) => {
    const s = samples.get(v.id);
    const wall = s.map((x) => x.wallMs);
    return [v.id, { n: s.length, wall: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpu: median(s.map((x) => x.cpuMs)), rss: Math.max(...s.map((x) => x.rssBytes ?? NaN)) }];
  }),
);
const documents = scale.measureDocuments(variants);
const markdown = render();
process.stdout.write(markdown);
if (flags.write) {
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), markdown);
  progress("wrote bench/RESULTS.md");
}
fs.rmSync(tmp, { recursive: true, force: true });
const failed = goals().some((g) => g.pass === false);
process.exitCode = failed ? 1 : 0;

/** Files that differ between two output folders (missing on one side included), by relative path; nothing is ignored. */
function compareOutputs(a, b) {
  const files = (dir) =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      : [];
  const all = [...new Set([...files(a), ...files(b)])].sort();
  const differing = all.filter((f) => !fs.existsSync(path.join(a, f)) || !fs.existsSync(path.join(b, f)) || !fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
  return { files: all.length, differing };
}

function timeNpmTest() {
  progress("npm test (once)");
  const result = measure("npm test --silent", { cwd: ROOT, env: process.env });
  return { seconds: result.wallMs / 1000, ok: result.status === 0 };
}

function goals() {
  const floor = stats.get("floor");
  const app = stats.get("app");
  const synth = stats.get("synth");
  const npmSynth = stats.get("npm-synth");
  const hundred = stats.get("scale-100");
  const ratio = app.wall / floor.wall;
  const appRss = Math.max(app.rss, stats.get("app-cold").rss);
  return [
    { goal: "app command vs floor (median wall, warm transpile cache)", target: `<= ${GOALS.appVsFloor}x`, measured: `${ratio.toFixed(2)}x`, pass: ratio <= GOALS.appVsFloor },
    { goal: "app command peak RSS (warm or empty transpile cache)", target: `<= ${GOALS.appRssMiB} MiB`, measured: mib(appRss), pass: Number.isNaN(appRss) ? undefined : appRss / MIB <= GOALS.appRssMiB },
    { goal: "`npx cdktf synth` end to end (median)", target: `<= ${GOALS.synthSeconds} s`, measured: seconds(synth.wall), pass: synth.wall / 1000 <= GOALS.synthSeconds },
    { goal: "`npm run synth` end to end (median)", target: `<= ${GOALS.npmSynthSeconds.toFixed(1)} s`, measured: seconds(npmSynth.wall), pass: npmSynth.wall / 1000 <= GOALS.npmSynthSeconds },
    {
      goal: "`npm run synth` writes what `npx cdktf synth` writes (every file, byte for byte)",
      target: "identical",
      measured: sameOutput.differing.length === 0 ? `identical (${sameOutput.files} files)` : `differ: ${sameOutput.differing.join(", ")}`,
      pass: sameOutput.files > 0 && sameOutput.differing.length === 0,
    },
    npmTest
      ? { goal: "`npm test` whole suite (one run)", target: `<= ${GOALS.testSeconds} s`, measured: `${npmTest.seconds.toFixed(1)} s${npmTest.ok ? "" : " (FAILED)"}`, pass: npmTest.ok && npmTest.seconds <= GOALS.testSeconds }
      : { goal: "`npm test` whole suite", target: `<= ${GOALS.testSeconds} s`, measured: "skipped (--skip-tests)", pass: undefined },
    hundred
      ? { goal: "app synth, 100 repositories per environment (median)", target: `< ${GOALS.scaleSeconds} s`, measured: seconds(hundred.wall), pass: hundred.wall / 1000 < GOALS.scaleSeconds }
      : { goal: "app synth, 100 repositories per environment", target: `< ${GOALS.scaleSeconds} s`, measured: "not run (--scale-sizes without 100)", pass: undefined },
    ...scale.goals(variants, stats, documents),
  ];
}

function render() {
  const floor = stats.get("floor");
  const cores = os.cpus();
  const busy = loadBefore[0] > cores.length * 0.25;
  const lines = [
    "# Synth benchmark",
    "",
    `Generated by \`npm run bench${flags.write ? " -- --write" : ""}\` (bench/run.js). Medians of interleaved rounds after one warm-up run of each command; how to read it: docs/performance.md.`,
    "",
    ...(busy ? [`> **Warning: the machine was busy** (1-min load average ${loadBefore[0].toFixed(2)} on ${cores.length} cores when the run started): the timings below are inflated and not comparable to an idle run.`, ""] : []),
    "## Machine",
    "",
    "| | |",
    "|---|---|",
    `| CPU | ${cores.length} x ${cores[0]?.model.trim() ?? "unknown"} |`,
    `| Memory | ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} (${os.arch()}) |`,
    `| Node.js | ${process.version} |`,
    `| Date | ${new Date().toISOString()} |`,
    `| Load average (1/5/15 min) | start ${loadBefore.map((l) => l.toFixed(2)).join(" / ")}, end ${loadAfter.map((l) => l.toFixed(2)).join(" / ")} |`,
    `| Commit | ${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""} |`,
    `| Rounds | ${rounds} (stock ${hasTsNode ? stockRounds : "not run"}, \`cdktf synth\` ${synthRounds}) |`,
    `| Peak RSS from | ${measure.rssSource} |`,
    "| CHECKPOINT_DISABLE | 1 for every command (set by bench/run.js: the cdktf CLI makes no version-check request) |",
    "",
    "## Goals",
    "",
    "| Goal | Target | Measured | Result |",
    "|---|---|---|---|",
    ...goals().map((g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${g.pass === undefined ? "n/a" : g.pass ? "PASS" : "**FAIL**"} |`),
    "",
    "## Commands",
    "",
    "| Command | Runs | Median wall | Min | Max | Median CPU (user+sys) | Peak RSS | Median vs floor |",
    "|---|---|---|---|---|---|---|---|",
    ...variants
      .filter((v) => !v.repositories)
      .map((v) => {
        const s = stats.get(v.id);
        return `| ${v.label} | ${s.n} | ${seconds(s.wall)} | ${seconds(s.min)} | ${seconds(s.max)} | ${seconds(s.cpu)} | ${mib(s.rss)} | ${(s.wall / floor.wall).toFixed(2)}x |`;
      }),
    ...(hasTsNode ? [] : ["", "Stock approach not measured: ts-node is not installed (`npm ci` installs it; it is a devDependency for this bench only)."]),
    "",
    ...scale.section(variants, stats, documents, { appCommand, seconds, mib }),
    "",
  ];
  return `${lines.join("\n")}\n`;
}

function git(...args) {
  const result = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mib(bytes) {
  return Number.isNaN(bytes) ? "n/a" : `${(bytes / MIB).toFixed(0)} MiB`;
}

function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}
