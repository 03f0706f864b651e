// `npm run lifecycle:preview -- ...` runs `node scripts/run-app.js tools/lifecycle-preview/cli.ts ...`: arguments start at argv[3].
import { runLifecyclePreview } from "./run";

// `--json | head`: the reader closed the pipe and wants no more output; that is not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

const { exitCode, stdout, stderr } = runLifecyclePreview(process.argv.slice(3));
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = exitCode;
