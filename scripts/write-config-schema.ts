// Writes config/environments.schema.json (the `$schema` editors use) from the zod schema, the one source of truth.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { configJsonSchema } from "../config/json-schema";

const file = path.join(__dirname, "..", "config", "environments.schema.json");
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
