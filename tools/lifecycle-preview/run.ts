/** The `lifecycle:preview` command as a function of its arguments, so tests run it without a process. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../../config/load-config";
import type { EnvironmentConfig } from "../../config/schema";
import { parseDescribeImages, PreviewInputError } from "./describe-images";
import { lifecyclePolicyRules } from "../../constructs/registry/lifecycle-rules";
import { previewLifecycle, type Image } from "./evaluate";
import { DEFAULT_PRICES, FIRST_IMAGES, previewJson, previewTable } from "./report";

export const USAGE = `Usage: npm run lifecycle:preview -- --env <name> --images <describe-images.json> [options]

Shows which images the environment's lifecycle rules (with its protected tags) would expire or
archive, as ECR evaluates them, and the storage cost of both storage classes before and after.

  --env <name>                   environment in config/environments.json (or $REGISTRY_CONFIG)
  --images <file>                output of "aws ecr describe-images --repository-name <name> --output json"
  --repository <name>            repository whose rules apply (default: the file's repositoryName, or the
                                 environment's only repository)
  --now <ISO time>               evaluate as of this time (default: now); must not be before every push
  --price-per-gb <usd>           US dollars per GB-month of standard storage (default: ${DEFAULT_PRICES.standard.toFixed(2)})
  --archive-price-per-gb <usd>   US dollars per GB-month of archive storage (default: ${DEFAULT_PRICES.archive.toFixed(2)},
                                 ECR's price for the first 150 TB)
  --all                          list every image of each rule (default: the first ${FIRST_IMAGES} of each kind)
  --json                         print JSON for scripts (always every image)
  -h, --help                     print this help
`;

export interface CliDependencies {
  readonly readFile: (file: string) => string;
  readonly environments: () => EnvironmentConfig[];
  readonly now: () => Date;
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const defaults: CliDependencies = {
  readFile: (file) => readFileSync(file, "utf8"),
  environments: () => loadConfig(),
  now: () => new Date(),
};

function argumentsOf(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: "string" },
        images: { type: "string" },
        repository: { type: "string" },
        now: { type: "string" },
        "price-per-gb": { type: "string" },
        "archive-price-per-gb": { type: "string" },
        all: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    throw new PreviewInputError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function required(value: string | undefined, option: string): string {
  if (value === undefined) throw new PreviewInputError(`${option} is required.\n\n${USAGE}`);
  return value;
}

function priceOf(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const price = Number(value);
  if (value.trim() === "" || !Number.isFinite(price) || price < 0) {
    throw new PreviewInputError(`${option}: expected a non-negative number of US dollars such as 0.10, got "${value}".`);
  }
  return price;
}

function nowOf(value: string | undefined, deps: CliDependencies): Date {
  if (value === undefined) return deps.now();
  const now = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(now.getTime())) {
    throw new PreviewInputError(`--now: expected an ISO 8601 time such as 2025-01-31T00:00:00Z, got "${value}".`);
  }
  return now;
}

/** A time before every push evaluates nothing by age: most likely a wrong --now (or a wrong clock). */
function checkNowAfterPushes(now: Date, images: readonly Image[]): void {
  if (images.length === 0) return;
  const earliest = Math.min(...images.map((image) => image.pushedAt));
  if (now.getTime() < earliest) {
    throw new PreviewInputError(
      `--now: ${now.toISOString()} is before every image's push (the earliest is ${new Date(earliest).toISOString()}), so no age rule could apply. Pass a time after the pushes, or leave --now out to evaluate as of now.`,
    );
  }
}

function environmentNamed(name: string, deps: CliDependencies): EnvironmentConfig {
  const environments = deps.environments();
  const env = environments.find((e) => e.name === name);
  if (!env) {
    throw new PreviewInputError(`--env: unknown environment "${name}". Known environments: ${environments.map((e) => e.name).join(", ")}.`);
  }
  return env;
}

function repositoryName(env: EnvironmentConfig, requested: string | undefined, inFile: readonly string[]): string {
  const known = env.repositories.map((r) => r.name);
  if (requested === undefined && inFile.length > 1) {
    throw new PreviewInputError(`the images file holds images of several repositories (${inFile.join(", ")}). Preview one repository at a time.`);
  }
  const name = requested ?? inFile[0] ?? (known.length === 1 ? known[0] : undefined);
  if (name === undefined) {
    throw new PreviewInputError(`--repository is required: environment "${env.name}" has several repositories (${known.join(", ")}).`);
  }
  if (!known.includes(name)) {
    throw new PreviewInputError(`unknown repository "${name}" in environment "${env.name}". Known repositories: ${known.join(", ")}.`);
  }
  if (inFile.some((other) => other !== name)) {
    throw new PreviewInputError(`--repository is "${name}" but the images file lists images of "${inFile.join(", ")}". Pass the matching file.`);
  }
  return name;
}

function preview(argv: readonly string[], deps: CliDependencies): string {
  const args = argumentsOf(argv);
  if (args.help) return USAGE;
  const env = environmentNamed(required(args.env, "--env"), deps);
  const imagesFile = required(args.images, "--images");
  const pricesPerGbMonth = {
    standard: priceOf(args["price-per-gb"], "--price-per-gb", DEFAULT_PRICES.standard),
    archive: priceOf(args["archive-price-per-gb"], "--archive-price-per-gb", DEFAULT_PRICES.archive),
  };
  const now = nowOf(args.now, deps);
  let text: string;
  try {
    text = deps.readFile(imagesFile);
  } catch (error) {
    throw new PreviewInputError(`--images: cannot read "${imagesFile}" (${(error as Error).message}).`);
  }
  const { repositoryNames, images } = parseDescribeImages(text, imagesFile);
  checkNowAfterPushes(now, images);
  const repository = repositoryName(env, args.repository, repositoryNames);
  const config = env.repositories.find((r) => r.name === repository)!;
  const rules = lifecyclePolicyRules(config.protectedTagPatterns, config.lifecycleRules);
  const result = previewLifecycle(rules, images, now.getTime());
  const context = { environment: env.name, repository, now, pricesPerGbMonth, all: args.all };
  return args.json ? `${JSON.stringify(previewJson(result, context), null, 2)}\n` : previewTable(result, context);
}

/** Run the command; exit code 0 on success, 1 on bad input or configuration. */
export function runLifecyclePreview(argv: readonly string[], deps: CliDependencies = defaults): CliResult {
  try {
    return { exitCode: 0, stdout: preview(argv, deps), stderr: "" };
  } catch (error) {
    if (error instanceof PreviewInputError || error instanceof ConfigError) {
      return { exitCode: 1, stdout: "", stderr: `lifecycle:preview: ${error.message}\n` };
    }
    throw error;
  }
}
