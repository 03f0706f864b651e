// The state bootstrap app: one stack per environment whose state lives in S3. Deployed on its own,
// from this directory (`npx cdktf deploy state-bootstrap-<env>`), before the registry stacks.
import { App } from "cdktf";
import { ConfigError, loadConfig } from "../config/load-config";
import { StateBootstrapStack } from "../stacks/state-bootstrap-stack";

function main(): void {
  const app = new App();
  for (const env of loadConfig()) {
    if (env.stateBackend.type === "s3") new StateBootstrapStack(app, env);
  }
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
