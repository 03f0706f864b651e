import { App, Testing } from "cdktf";
import fc from "fast-check";
import { ConfigError, parseConfig } from "../../config/load-config";
import { enforceGuardrails, GuardrailError } from "../../guardrails/enforce";
import { RegistryStack } from "../../stacks/registry-stack";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";
import { exampleConfigJson } from "../support/config";

type Json = unknown;
type Path = (string | number)[];

/** Every place in a JSON value: objects' keys and arrays' indexes, containers included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === "object") {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return [prefix];
}

/** A lowercase word of 1-130 characters: valid in most name fields, and long enough to overflow derived names. */
const word = fc.string({ unit: fc.constantFrom("a", "q", "7"), minLength: 1, maxLength: 130 });

/** Strings a config might hold: valid-looking names of any length, AWS-looking, unicode, with the characters names reject. */
const strings = fc.oneof(
  fc.tuple(word, fc.constantFrom("-", "/", ".", "_"), word).map(([a, separator, b]) => `${a}${separator}${b}`),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom("a", "z", "0", "-", "_", ".", "/", "*", "?", ":", " ", "é", "\u0000"), minLength: 1, maxLength: 300 }),
  fc.constantFrom("team/demo-api", "DEMO", "", " ", "arn:aws:iam::123456789012:role/x", "v*", "*", "repo:o/r:*", "slack", "s3", "hcp", "KMS"),
);
const numbers = fc.oneof(fc.integer({ min: -5, max: 400 }), fc.double({ noNaN: true }), fc.constantFrom(0, 1.5, 1e21, -1));
const values: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: strings },
  { weight: 2, arbitrary: numbers },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, undefined) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** One or more edits of the example fixture, each at a place the fixture has. */
const mutatedConfigs = fc
  .array(fc.tuple(fc.nat(), values), { minLength: 1, maxLength: 3 })
  .map((edits) => {
    let config: Json = exampleConfigJson();
    for (const [pick, value] of edits) {
      const paths = pathsOf(config);
      const path = paths[pick % paths.length];
      const current = JSON.parse(JSON.stringify(config));
      config = editedFrom(current, path, value);
    }
    return config;
  });

function editedFrom(config: any, path: Path, value: Json): Json {
  if (path.length === 0) return value === undefined ? {} : value;
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], config);
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    parent[key] = value;
  }
  return config;
}

/** What the app does with a config: validate, build both apps' stacks, enforce the guardrails, render Terraform JSON. */
function runTheApp(config: Json): "config error" | "guardrail error" | "synthesized" {
  try {
    const environments = parseConfig(config);
    const app = Testing.app() as App;
    const stacks = environments.flatMap((env) => [
      new RegistryStack(app, env),
      ...(env.stateBackend.type === "s3" ? [new StateBootstrapStack(app, env)] : []),
    ]);
    enforceGuardrails(app);
    for (const stack of stacks) stack.toTerraform();
    return "synthesized";
  } catch (error) {
    if (error instanceof ConfigError) return "config error";
    if (error instanceof GuardrailError) return "guardrail error";
    throw error;
  }
}

/** Names ECR accepts (lowercase segments joined by "._-", separated by "/"), from 1 to ~300 characters. */
const ecrStyleName = fc
  .array(fc.tuple(fc.string({ unit: fc.constantFrom("a", "b", "0"), minLength: 1, maxLength: 40 }), fc.constantFrom(".", "_", "-", "/")), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([segment, separator], i) => (i === 0 ? "" : separator) + segment).join(""));

/** The fields other names are built from (service, environment, repository, role name), each set to any name its own check accepts. */
const nameSources = fc.record({
  service: ecrStyleName,
  environment: fc.string({ unit: fc.constantFrom("a", "z", "1", "-"), minLength: 0, maxLength: 19 }).map((tail) => `e${tail}`),
  repository: ecrStyleName,
  /** A second repository named like the first with its "._/" separators swapped, so that their output names often clash. */
  secondSeparator: fc.option(fc.constantFrom(".", "_", "/")),
  roleName: fc.option(fc.string({ unit: fc.constantFrom("a", "+", "=", ",", ".", "@", "_", "-"), minLength: 1, maxLength: 64 })),
  assumeRole: fc.boolean(),
});

function withNames(names: typeof nameSources extends fc.Arbitrary<infer T> ? T : never): Json {
  const config: any = exampleConfigJson();
  config.service = names.service;
  // Only prod, renamed: one environment is enough to build every derived name, at half the cost.
  const env = config.environments.prod;
  config.environments = { [names.environment]: env };
  env.repositories[0].name = names.repository;
  if (names.secondSeparator !== null) env.repositories.push({ ...env.repositories[0], name: names.repository.replace(/[._/]/g, names.secondSeparator) });
  if (names.roleName !== null) env.github.roleName = names.roleName;
  if (names.assumeRole) env.assumeRoleArn = "arn:aws:iam::222222222222:role/deployer";
  return config;
}

/**
 * Fixed, so a run is reproducible; FC_SEED=<n> explores other configs. No shrinking (endOnFailure): every run
 * builds the stacks, and shrinking a failure would take minutes; fast-check still prints the failing config.
 */
const SEED = Number(process.env.FC_SEED ?? 20251124);

describe("any config a file can hold", () => {
  it("either synthesizes or stops with a config or guardrail error, never another exception", () => {
    // GIVEN the example fixture with one to three values replaced, removed or retyped anywhere in it
    // WHEN the app runs on it
    // THEN it never throws anything but ConfigError or GuardrailError (fast-check prints the smallest failing config)
    fc.assert(fc.property(mutatedConfigs, (config) => void runTheApp(config)), { numRuns: 150, seed: SEED, endOnFailure: true });
  });

  it("builds every name other names derive from, or names the field, for any value its own check accepts", () => {
    fc.assert(fc.property(nameSources, (names) => void runTheApp(withNames(names))), { numRuns: 25, seed: SEED, endOnFailure: true });
  });

  it("the generators reach both outcomes, so the properties are not vacuous", () => {
    const outcomes = [...fc.sample(mutatedConfigs, { numRuns: 20, seed: 7 }), ...fc.sample(nameSources, { numRuns: 8, seed: 7 }).map(withNames)].map(runTheApp);
    expect(new Set(outcomes)).toEqual(new Set(["config error", "synthesized"]));
  });
});
