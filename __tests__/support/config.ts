import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG_PATH, parseConfig } from "../../config/load-config";
import type { EnvironmentConfig } from "../../config/schema";

type Json = Record<string, any>;

/** A fresh, mutable copy of the committed config file's JSON. */
export function committedConfigJson(): Json {
  return JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));
}

/** The committed config, validated, after `edit` changed its raw JSON. */
export function environmentsWith(edit: (config: Json) => void = () => {}): EnvironmentConfig[] {
  const config = committedConfigJson();
  edit(config);
  return parseConfig(config);
}

/** One environment of the committed config (optionally edited). */
export function environment(name: string, edit?: (config: Json) => void): EnvironmentConfig {
  const env = environmentsWith(edit).find((e) => e.name === name);
  if (!env) throw new Error(`no environment "${name}" in the config`);
  return env;
}

/** The message parseConfig throws for the edited committed config. */
export function configErrorFor(edit: (config: Json) => void): string {
  try {
    environmentsWith(edit);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the config to be rejected, but it was accepted");
}
