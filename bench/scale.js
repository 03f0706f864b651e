// The scale series of `npm run bench` (bench/run.js measures its commands in the same interleaved rounds as the
// others): the app command with N repositories per environment (configs from scale-config.js), its median wall
// time, peak RSS and growth per repository, and for each document a service limits the largest one at each N
// against its limit (read from what the last round wrote, by scripts/document-sizes.ts). See docs/performance.md.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { writeScaleConfig } = require("./scale-config");

const ROOT = path.join(__dirname, "..");
const DEFAULT_SIZES = "1,10,100,500";
/** Issue 14: 500 repositories per environment synthesize within 3 s (median, idle machine). */
const GOAL = { repositories: 500, seconds: 3 };

/** One command per size, with its generated config and its own output directory. */
function variants(sizes, { appCommand, tmp, outdir }) {
  return sizes.map((n) => ({
    id: `scale-${n}`,
    label: `app command, ${n} repositories per environment`,
    command: appCommand,
    env: { CDKTF_OUTDIR: outdir(`scale-${n}`), REGISTRY_CONFIG: writeScaleConfig(tmp, n) },
    repositories: n,
  }));
}

/** The largest document of each limited kind in a synth's output: `{ <limit>: { what, max, unit, largest: { size } | null } }`. */
function documentSizes(outdir) {
  const run = spawnSync("node", ["scripts/run-app.js", "scripts/document-sizes.ts", outdir], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`document sizes of ${outdir}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function sized(allVariants) {
  return allVariants.filter((v) => v.repositories).sort((a, b) => a.repositories - b.repositories);
}

/** Milliseconds per extra repository per environment between two sizes, from median wall times. */
function growth(stats, small, big) {
  return (stats.get(big.id).wall - stats.get(small.id).wall) / (big.repositories - small.repositories);
}

/** Measured after the rounds: each size's output holds its last synth. */
function measureDocuments(allVariants) {
  return new Map(sized(allVariants).map((v) => [v.id, documentSizes(v.env.CDKTF_OUTDIR)]));
}

function goals(allVariants, stats, documents) {
  const big = sized(allVariants).find((v) => v.repositories === GOAL.repositories);
  const over = [...documents].flatMap(([id, report]) =>
    Object.values(report).filter((limit) => limit.largest && limit.largest.size > limit.max).map((limit) => `${id}: ${limit.what}`),
  );
  return [
    big
      ? { goal: `app synth, ${GOAL.repositories} repositories per environment (median)`, target: `<= ${GOAL.seconds} s`, measured: `${(stats.get(big.id).wall / 1000).toFixed(2)} s`, pass: stats.get(big.id).wall / 1000 <= GOAL.seconds }
      : { goal: `app synth, ${GOAL.repositories} repositories per environment`, target: `<= ${GOAL.seconds} s`, measured: `not run (--scale-sizes without ${GOAL.repositories})`, pass: undefined },
    { goal: "every limited document within its limit, at every size", target: "0 over", measured: over.length === 0 ? "0 over" : over.join("; "), pass: over.length === 0 },
  ];
}

/** The markdown section: timings per size, growth per repository, the largest document of each kind per size. */
function section(allVariants, stats, documents, { appCommand, seconds, mib }) {
  const series = sized(allVariants);
  if (series.length === 0) return [];
  const floor = stats.get("floor");
  const limits = Object.keys(documents.get(series[0].id));
  const cell = (v, name) => {
    const limit = documents.get(v.id)[name];
    return limit.largest === null ? "none" : `${limit.largest.size.toLocaleString("en-US")}${limit.largest.size > limit.max ? " **OVER**" : ""}`;
  };
  const growthLines =
    series.length < 2
      ? []
      : [
          "",
          `Growth: ${growth(stats, series[0], series[series.length - 1]).toFixed(1)} ms per extra repository per environment (${series[0].repositories} -> ${series[series.length - 1].repositories}), ` +
            `${growth(stats, series[series.length - 2], series[series.length - 1]).toFixed(1)} ms between the two largest sizes.`,
        ];
  const first = documents.get(series[0].id);
  return [
    "## Scale: repositories per environment",
    "",
    `Config: the committed one with each environment's first repository copied N times, watched by their shared prefix (\`alerting.repositoryPrefix\`; bench/scale-config.js), app command \`${appCommand}\`.`,
    "",
    "| Repositories per environment | Runs | Median wall | Min | Peak RSS | Median vs floor |",
    "|---|---|---|---|---|---|",
    ...series.map((v) => {
      const s = stats.get(v.id);
      return `| ${v.repositories} | ${s.n} | ${seconds(s.wall)} | ${seconds(s.min)} | ${mib(s.rss)} | ${(s.wall / floor.wall).toFixed(2)}x |`;
    }),
    ...growthLines,
    "",
    "Largest document of each kind against its limit (constructs/service-limits.ts names the sources):",
    "",
    `| Document | Limit | ${series.map((v) => `${v.repositories} per environment`).join(" | ")} |`,
    `|---|---|${series.map(() => "---").join("|")}|`,
    ...limits.map((name) => `| ${first[name].what} | ${first[name].max.toLocaleString("en-US")} ${first[name].unit} | ${series.map((v) => cell(v, name)).join(" | ")} |`),
  ];
}

module.exports = { DEFAULT_SIZES, variants, measureDocuments, goals, section };
