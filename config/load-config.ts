import { readFileSync } from "node:fs";
import * as path from "node:path";
import { visit } from "jsonc-parser";
import type { core } from "zod";
import { configFileSchema, type ConfigFile, type EnvironmentConfig } from "./schema";

/** The project root. A relative `REGISTRY_CONFIG` resolves here, so it means the same file from `bootstrap/`. */
export const PROJECT_ROOT = path.join(__dirname, "..");

/** The committed default; `REGISTRY_CONFIG` overrides it. */
export const DEFAULT_CONFIG_PATH = path.join(PROJECT_ROOT, "config", "environments.json");

/** The config file a synth reads: `REGISTRY_CONFIG` (absolute, or relative to the project root), else the committed one. */
export function configFilePath(registryConfig = process.env.REGISTRY_CONFIG): string {
  return registryConfig ? path.resolve(PROJECT_ROOT, registryConfig) : DEFAULT_CONFIG_PATH;
}

/** A config path as messages show it: relative to the project root when it is inside it, else absolute. */
export function shownPath(file: string): string {
  const absolute = path.resolve(PROJECT_ROOT, file);
  const relative = path.relative(PROJECT_ROOT, absolute);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

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

/** A found value as messages show it: JSON, cut short; `nothing` for a missing field. */
function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return `${value} (a number too large for JSON)`;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
};

const quotedList = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/**
 * The wording of every check the schema gives no message of its own: what was expected, in the
 * project's words rather than zod's (`expected int`, `Invalid discriminator value`). `describeIssue`
 * adds what was found.
 */
const expectation: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return issue.values.length === 1 ? `expected ${JSON.stringify(issue.values[0])}` : `expected one of ${quotedList(issue.values)}`;
    case "invalid_union":
      return "discriminator" in issue && Array.isArray(issue.options)
        ? `expected one of ${quotedList(issue.options)}`
        : "expected one of the shapes in README's field reference";
    case "too_small":
      return `expected at least ${String(issue.minimum)}${issue.origin === "array" ? " entries" : issue.origin === "string" ? " characters" : ""}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)}${issue.origin === "array" ? " entries" : issue.origin === "string" ? " characters" : ""}`;
    default:
      return undefined;
  }
};

function describeIssue(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${quotedList(issue.keys)}: not a config field. Check the spelling against README's field reference.`;
    case "invalid_key":
      return `expected ${issue.issues.map((inner) => inner.message.replace(/^expected /, "")).join("; ")}, got ${shown(issue.input)}. Rename it.`;
    case "invalid_union": {
      // A discriminated union reports at its discriminator (`encryption.type`) but with the whole object as input.
      const found = "discriminator" in issue && typeof issue.discriminator === "string" && issue.input && typeof issue.input === "object"
        ? (issue.input as Record<string, unknown>)[issue.discriminator]
        : issue.input;
      return withFound(issue.message, found);
    }
    case "custom":
      return issue.message;
    case "invalid_type":
      return issue.input === undefined ? `${issue.message}, got nothing. Add the field (README's field reference lists them).` : withFound(issue.message, issue.input);
    default:
      return withFound(issue.message, issue.input);
  }
}

/** `expected X` + found -> `expected X, got Y`, before the message's advice if it has any (`... got []. Remove the field ...`). */
function withFound(message: string, found: unknown): string {
  const advice = /\.\s+(?=[A-Z])/.exec(message);
  if (advice) return `${message.slice(0, advice.index)}, got ${shown(found)}${message.slice(advice.index)}`;
  return `${message.replace(/\.$/, "")}, got ${shown(found)}`;
}

/** An environment-name issue is about a key of `environments`: name the object, and the key as what was found. */
function placeOfIssue(issue: core.$ZodIssue): string {
  return placeOf(issue.code === "invalid_key" ? issue.path.slice(0, -1) : issue.path);
}

/** Validate parsed JSON; throws ConfigError naming every bad field, each once. */
export function parseConfig(raw: unknown, file = "(inline config)", earlierProblems: readonly string[] = []): EnvironmentConfig[] {
  const result = configFileSchema.safeParse(raw, { reportInput: true, error: expectation });
  const problems = [...earlierProblems, ...(result.success ? [] : result.error.issues.map((i) => `${placeOfIssue(i)}: ${describeIssue(i)}`))];
  // Two checks may see one mistake (zod's type check and a constraint check of the same field): say it once.
  if (problems.length > 0) throw new ConfigError(file, [...new Set(problems)]);
  return environmentsOf(result.data!);
}

function environmentsOf(config: ConfigFile): EnvironmentConfig[] {
  return Object.entries(config.environments).map(([name, env]) => ({
    ...env,
    name,
    service: config.service,
    sourceRepository: config.sourceRepository,
  }));
}

/** 0-based offset -> `line L, column C` (1-based), as editors show it. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
}

/** "Unexpected token } in JSON at position 42" -> `not valid JSON at line 3, column 5: ...`, as editors show places. */
function jsonProblem(text: string, error: Error): string {
  if (text.trim() === "") return "the file is empty; expected a JSON object (see config/environments.json)";
  const position = /position (\d+)/.exec(error.message);
  return position ? `not valid JSON at ${lineAndColumn(text, Number(position[1]))}: ${error.message}` : `not valid JSON: ${error.message}`;
}

/** JSON.parse keeps the last of two equal keys and drops the first silently, typos and all: name both. */
function duplicateKeyProblems(text: string): string[] {
  const problems: string[] = [];
  const openObjects: Map<string, number>[] = [];
  visit(text, {
    onObjectBegin: () => void openObjects.push(new Map()),
    onObjectEnd: () => void openObjects.pop(),
    onObjectProperty: (key, offset, _length, _line, _column, pathSupplier) => {
      const keys = openObjects[openObjects.length - 1];
      const first = keys.get(key);
      if (first === undefined) {
        keys.set(key, offset);
        return;
      }
      problems.push(
        `${placeOf([...pathSupplier(), key])}: expected once, got twice (${lineAndColumn(text, first)} and ` +
          `${lineAndColumn(text, offset)}); JSON would silently keep only the last. Remove one.`,
      );
    },
  });
  return problems;
}

/** Read, parse and validate the config file (default: `REGISTRY_CONFIG`, then the committed one). */
export function loadConfig(file = configFilePath()): EnvironmentConfig[] {
  const label = shownPath(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(label, [`cannot read the file (${reason}). Set REGISTRY_CONFIG to an existing file (absolute, or relative to the project root).`]);
  }
  // Editors on Windows may save UTF-8 with a byte order mark; JSON.parse would reject it.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(label, [jsonProblem(text, error as Error)]);
  }
  return parseConfig(raw, label, duplicateKeyProblems(text));
}
