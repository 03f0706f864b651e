// The state bootstrap app: one stack per environment whose state lives in S3. Deployed on its own,
// from this directory (`npx cdktf deploy state-bootstrap-<env>`), before the registry stacks.
import { StateBootstrapStack } from "../stacks/state-bootstrap-stack";
import { synthesize } from "../synth/synthesize";

synthesize((app, environments) => {
  for (const env of environments) {
    if (env.stateBackend.type === "s3") new StateBootstrapStack(app, env);
  }
});
