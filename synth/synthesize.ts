import { AnnotationMetadataEntryType, App } from "cdktf";
import { ConfigError, configFilePath, loadConfig, shownPath } from "../config/load-config";
import type { EnvironmentConfig } from "../config/schema";
import { enforceGuardrails, formatFinding, GuardrailError } from "../guardrails/enforce";
import { OutputFolder } from "./output-folder";

/**
 * Whether the cdktf CLI (`cdktf synth`, `diff`, `deploy`) runs the app: it sets both variables for the app command
 * (@cdktf/cli-core, lib/synth-stack.ts); the project's own commands do not.
 */
export function runByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined && env.SYNTH_HCL_OUTPUT !== undefined;
}

/**
 * Where the app's lines go. The cdktf CLI prints the app's stdout once, but stderr as `[ERROR] default - ...`
 * lines, and repeats all of it when the app exits non-zero: under the CLI everything goes to stdout.
 */
function outputFor(cli: boolean) {
  return {
    info: (line: string) => process.stdout.write(`${line}\n`),
    problem: (line: string) => (cli ? process.stdout : process.stderr).write(`${line}\n`),
  };
}

/** Warnings constructs and stacks add themselves (e.g. a guard turned off in production), once each. */
function constructWarnings(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((node) => node.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => `WARNING [${node.node.path}] ${String(entry.data)}`));
}

/**
 * Synthesize an app from the config: print the config file used, build the stacks, enforce the guardrails,
 * print what they accepted or warn about once, and write the output folder all at once. On a config or
 * guardrail error, print the message once, remove the previous output and fail. Under the cdktf CLI a failure
 * exits 0 with no manifest: the CLI then fails by itself ("manifest.json was not created") instead of repeating
 * the app's output as it does for a non-zero exit.
 */
export function synthesize(build: (app: App, environments: EnvironmentConfig[]) => void): void {
  const cli = runByCdktfCli();
  const out = outputFor(cli);
  const folder = new OutputFolder(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  try {
    const file = configFilePath();
    out.info(`Config: ${shownPath(file)}`);
    const app = new App({ outdir: folder.staging });
    build(app, loadConfig(file));
    for (const finding of enforceGuardrails(app)) {
      if (finding.level === "warning") out.problem(formatFinding(finding));
      else out.info(formatFinding(finding));
    }
    for (const warning of constructWarnings(app)) out.problem(warning);
    app.synth();
    const stacks = folder.publish();
    // The CLI prints its own "Generated Terraform code for the stacks: ...".
    if (!cli) out.info(`Synthesized ${stacks.join(", ")} into ${folder.outdir}`);
  } catch (error) {
    const removed = folder.removePrevious();
    const known = error instanceof ConfigError || error instanceof GuardrailError;
    out.problem(known ? (error as Error).message : String((error as Error).stack ?? error));
    if (removed) out.problem(`Removed the earlier output in ${folder.outdir}: it no longer matches the config.`);
    if (cli) out.problem("(cdktf adds that the app did not call synth() and no manifest.json was created: that is this stop.)");
    process.exitCode = cli ? 0 : 1;
  }
}
