// Configs for the scale series: the committed config with each environment's first repository
// copied until the environment has N repositories (valid ECR names: `<name>-002`, `<name>-003`...),
// watched by the alert rules through their shared prefix (`alerting.repositoryPrefix`), as a team with
// more repositories than an event pattern can list configures it (README, "Limits that shape the design").
const fs = require("node:fs");
const path = require("node:path");

const COMMITTED = path.join(__dirname, "..", "config", "environments.json");

/** Writes the config with `count` repositories per environment into `dir`; returns its path. */
function writeScaleConfig(dir, count) {
  const config = JSON.parse(fs.readFileSync(COMMITTED, "utf8"));
  delete config.$schema;
  for (const env of Object.values(config.environments)) {
    const [first] = env.repositories;
    env.repositories = Array.from({ length: count }, (_, i) => (i === 0 ? first : { ...first, name: `${first.name}-${String(i + 1).padStart(3, "0")}` }));
    env.alerting.repositoryPrefix = first.name;
  }
  const file = path.join(dir, `environments-${count}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

module.exports = { writeScaleConfig };
