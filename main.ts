import { RegistryStack } from "./stacks/registry-stack";
import { synthesize } from "./synth/synthesize";

// One RegistryStack per environment of the config; see synth/synthesize.ts for output, guardrails and errors.
synthesize((app, environments) => {
  for (const env of environments) new RegistryStack(app, env);
});
