/**
 * EventBridge input transformation (InputPathsMap + InputTemplate) as the EventBridge user guide documents
 * it ("Amazon EventBridge input transformation", its examples and "Common issues"):
 * - paths are JSON paths in dot notation with array indices (`$.detail.image-tags`, `$.resources[0]`);
 * - a placeholder inside a JSON string gets the raw value, not escaped ("EventBridge doesn't escape values
 *   extracted by Input Path"): a string as is, a number as its digits, an array or object as its JSON text;
 * - an unquoted placeholder gets the value as JSON: a string in quotes, arrays and objects as they are;
 * - a path that is not in the event: "that variable isn't created and won't appear in the output". The
 *   guide does not say what the placeholder becomes, so both readings are modelled and templates must be
 *   valid JSON under each: `"nothing"` (the placeholder renders as nothing, so an unquoted one breaks the
 *   JSON) and `"empty-string"` (the variable holds an empty string: `""` unquoted, nothing inside quotes).
 */

export type MissingPathReading = "nothing" | "empty-string";

const PATH = /^\$((?:\.[\w-]+|\[\d+\])*)$/;

function valueAt(event: unknown, path: string): unknown {
  const match = PATH.exec(path);
  if (!match) throw new Error(`unsupported JSON path ${path}`);
  const steps = [...match[1].matchAll(/\.([\w-]+)|\[(\d+)\]/g)].map(([, key, index]) => (key !== undefined ? key : Number(index)));
  return steps.reduce<unknown>((value, step) => {
    if (typeof step === "number") return Array.isArray(value) ? value[step] : undefined;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[step] : undefined;
  }, event);
}

function rendered(value: unknown, insideString: boolean, missing: MissingPathReading): string {
  if (value === undefined) return missing === "nothing" || insideString ? "" : '""';
  if (typeof value === "string") return insideString ? value : `"${value}"`;
  return JSON.stringify(value);
}

/**
 * The text EventBridge sends to the target for `event`. Throws on a placeholder with no InputPathsMap entry
 * (a typo; EventBridge's predefined `aws.events.*` variables are not used by our templates).
 */
export function transformInput(
  inputPaths: Readonly<Record<string, string>>,
  template: string,
  event: unknown,
  missing: MissingPathReading = "nothing",
): string {
  let output = "";
  let insideString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    const placeholder = char === "<" ? /^<([\w.-]+)>/.exec(template.slice(i)) : null;
    if (placeholder) {
      const path = inputPaths[placeholder[1]];
      if (path === undefined) throw new Error(`placeholder <${placeholder[1]}> has no InputPathsMap entry`);
      output += rendered(valueAt(event, path), insideString, missing);
      i += placeholder[0].length - 1;
      continue;
    }
    if (char === "\\") {
      output += char + (template[i + 1] ?? "");
      i++;
      continue;
    }
    if (char === '"') insideString = !insideString;
    output += char;
  }
  return output;
}
