// Preloaded by bench/measure.js when GNU time is missing: appends this process's CPU time and peak RSS.
const fs = require("node:fs");

process.on("exit", () => {
  const usage = process.resourceUsage();
  const report = { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssBytes: usage.maxRSS * 1024 };
  fs.appendFileSync(process.env.BENCH_RUSAGE_FILE, `${JSON.stringify(report)}\n`);
});
