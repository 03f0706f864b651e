import { App } from "cdktf";
import { ConfigError, loadConfig } from "./config/load-config";
import { RegistryStack } from "./stacks/registry-stack";

function main(): void {
  const environments = loadConfig();
  const app = new App();
  for (const env of environments) new RegistryStack(app, env);
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
