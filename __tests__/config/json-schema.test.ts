import { readFileSync } from "node:fs";
import * as path from "node:path";
import { configJsonSchema } from "../../config/json-schema";

describe("config/environments.schema.json (the editor's $schema)", () => {
  it("is what the zod schema generates; run `npm run config:schema` after changing config/schema.ts", () => {
    const committed = JSON.parse(readFileSync(path.join(__dirname, "../../config/environments.schema.json"), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });
});
