import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { core } from "zod";
import { configFileSchema, type ConfigFile, type EnvironmentConfig } from "./schema";

/** The committed default; `REGISTRY_CONFIG` overrides it. */
export const DEFAULT_CONFIG_PATH = path.join(__dirname, "environments.json");

/** Bad configuration: the message lists every problem, one per line, each with its place. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `["environments", "prod", "repositories", 0, "name"]` -> `prod.repositories[0].name`. */
function placeOf(issuePath: readonly PropertyKey[]): string {
  const [first, ...rest] = issuePath[0] === "environments" && issuePath.length > 1 ? issuePath.slice(1) : issuePath;
  if (first === undefined) return "(top level)";
  return rest.reduce<string>(
    (place, key) => (typeof key === "number" ? `${place}[${key}]` : `${place}.${String(key)}`),
    String(first),
  );
}

function shown(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function describeIssue(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: not a config field (check the spelling against README's field reference)`;
    case "invalid_type":
      return issue.input === undefined ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${shown(issue.input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${shown(issue.input)}`;
    case "invalid_union":
      return `${issue.message.replace(/^Invalid input$/, "does not match any allowed shape")}, got ${shown(issue.input)}`;
    case "invalid_key":
      return `is not a valid name: ${issue.issues.map((inner) => inner.message).join("; ")}`;
    case "custom":
      return issue.message;
    default:
      return issue.input === undefined || typeof issue.input === "object"
        ? issue.message
        : `${issue.message}, got ${shown(issue.input)}`;
  }
}

/** "Unexpected token } in JSON at position 42" -> line and column, which editors show. */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${error.message}`;
}

/** Validate parsed JSON; throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, file = "(inline config)"): EnvironmentConfig[] {
  const result = configFileSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(file, result.error.issues.map((issue) => `${placeOf(issue.path)}: ${describeIssue(issue)}`));
  }
  return environmentsOf(result.data);
}

function environmentsOf(config: ConfigFile): EnvironmentConfig[] {
  return Object.entries(config.environments).map(([name, env]) => ({
    ...env,
    name,
    service: config.service,
    sourceRepository: config.sourceRepository,
  }));
}

/** Read, parse and validate the config file at `file` (default: `REGISTRY_CONFIG`, then the committed one). */
export function loadConfig(file = process.env.REGISTRY_CONFIG || DEFAULT_CONFIG_PATH): EnvironmentConfig[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file (${(error as Error).message}). Set REGISTRY_CONFIG to an existing file.`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON at ${jsonErrorPlace(text, error as Error)}`]);
  }
  return parseConfig(raw, file);
}
