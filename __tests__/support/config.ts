import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../config/load-config";
import type { EnvironmentConfig } from "../../config/schema";

type Json = Record<string, any>;

/**
 * The test fixture every construct and stack test starts from: a copy of the example config as first
 * committed (poc and prod of demo-api). Tests never read the team's committed config, its data:
 * editing it must not break a test. Its own suite (`__tests__/config/committed-config.test.ts`)
 * checks only what holds for every valid config.
 */
export const EXAMPLE_CONFIG_FILE = path.join(__dirname, "..", "fixtures", "config", "example.json");

/** A fresh, mutable copy of the example fixture's JSON. */
export function exampleConfigJson(): Json {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_FILE, "utf8"));
}

/** The example fixture, validated, after `edit` changed its raw JSON. */
export function environmentsWith(edit: (config: Json) => void = () => {}): EnvironmentConfig[] {
  const config = exampleConfigJson();
  edit(config);
  return parseConfig(config);
}

/** One environment of the example fixture (optionally edited). */
export function environment(name: string, edit?: (config: Json) => void): EnvironmentConfig {
  const env = environmentsWith(edit).find((e) => e.name === name);
  if (!env) throw new Error(`no environment "${name}" in the fixture`);
  return env;
}

/** The message parseConfig throws for the edited example fixture. */
export function configErrorFor(edit: (config: Json) => void): string {
  try {
    environmentsWith(edit);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the config to be rejected, but it was accepted");
}
