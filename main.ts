import { App } from "cdktf";
import { ConfigError, loadConfig } from "./config/load-config";
import { enforceGuardrails, GuardrailError } from "./guardrails/enforce";
import { RegistryStack } from "./stacks/registry-stack";

function main(): void {
  const environments = loadConfig();
  const app = new App();
  for (const env of environments) new RegistryStack(app, env);
  enforceGuardrails(app);
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof GuardrailError)) throw error;
  console.error(error.message);
  process.exit(1);
}
