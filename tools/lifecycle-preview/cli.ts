// `npm run lifecycle:preview -- ...` runs `node scripts/run-app.js tools/lifecycle-preview/cli.ts ...`: arguments start at argv[3].
import { runLifecyclePreview } from "./run";

const { exitCode, stdout, stderr } = runLifecyclePreview(process.argv.slice(3));
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = exitCode;
