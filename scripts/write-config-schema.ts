// Writes config/environments.schema.json (the `$schema` editors use) from the zod schema, the one source of truth.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

const USAGE = `Usage: npm run config:schema

Writes config/environments.schema.json (editor completion and checks) from config/schema.ts.
Run it after changing config/schema.ts; npm test fails while the two differ.
  -h, --help   print this help (and write nothing)`;

async function main(args: string[]): Promise<number> {
  let help: boolean | undefined;
  try {
    ({ values: { help } } = parseArgs({ args, options: { help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    console.error(`config:schema: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (help) {
    console.log(USAGE);
    return 0;
  }
  // Loaded only now: the schema pulls in zod and the rule pack (~0.3 s), which --help does not need.
  const { configJsonSchema } = await import("../config/json-schema");
  const file = path.join(__dirname, "..", "config", "environments.schema.json");
  writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return 0;
}

void main(process.argv.slice(3)).then((code) => (process.exitCode = code));
