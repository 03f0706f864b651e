// Wall time, CPU time and peak RSS of one shell command. Peak RSS and CPU come from GNU time when
// it is installed (whole process tree, any language); otherwise every Node.js process of the tree
// reports its own process.resourceUsage() through a preloaded module (terraform is then not counted).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }).stderr?.trim().match(/^\d+$/) !== null;
const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-rusage-")), "usage.jsonl");

/** Runs `command` through `sh -c` (as the cdktf CLI runs the app) and measures it. */
function measure(command, { cwd, env }) {
  fs.rmSync(reportFile, { force: true });
  const [file, args, childEnv] = hasGnuTime
    ? [GNU_TIME, ["-o", reportFile, "-f", "%U %S %M", "sh", "-c", command], env]
    : ["sh", ["-c", command], { ...env, BENCH_RUSAGE_FILE: reportFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require "${path.join(__dirname, "rusage-reporter.js")}"` }];
  const start = process.hrtime.bigint();
  const child = spawnSync(file, args, { cwd, env: childEnv, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { status: child.status, stderr: child.stderr, wallMs, ...usage() };
}
measure.rssSource = hasGnuTime
  ? "GNU time (`/usr/bin/time -f %M`): the largest process of the command's tree"
  : "process.resourceUsage() of each Node.js process (GNU time not installed): the largest Node.js process";

function usage() {
  const text = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, "utf8").trim() : "";
  if (hasGnuTime) {
    const [user, system, maxKiB] = text.split("\n").pop().split(" ").map(Number);
    return { cpuMs: (user + system) * 1000, rssBytes: maxKiB * 1024 };
  }
  const reports = text ? text.split("\n").map((line) => JSON.parse(line)) : [];
  return {
    cpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0),
    rssBytes: reports.length ? Math.max(...reports.map((r) => r.rssBytes)) : NaN,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { measure, median };
