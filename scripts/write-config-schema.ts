// Writes config/environments.schema.json (the `$schema` editors use) from the zod schema, the one source of truth.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { configJsonSchema } from "../config/json-schema";

const USAGE = `Usage: npm run config:schema

Writes config/environments.schema.json (editor completion and checks) from config/schema.ts.
Run it after changing config/schema.ts; npm test fails while the two differ.
  -h, --help   print this help (and write nothing)`;

function main(args: string[]): number {
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
  const file = path.join(__dirname, "..", "config", "environments.schema.json");
  writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return 0;
}

process.exitCode = main(process.argv.slice(3));
