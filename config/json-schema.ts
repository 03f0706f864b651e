import { z } from "zod";
import { configFileSchema } from "./schema";

/** JSON Schema of the config file as an editor sees it (input side: fields with defaults are optional). */
export function configJsonSchema(): object {
  return z.toJSONSchema(configFileSchema, { io: "input", unrepresentable: "any" });
}
