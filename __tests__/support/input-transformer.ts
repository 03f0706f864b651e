/**
 * EventBridge input transformation (InputPathsMap + InputTemplate) as AWS documents it:
 * - a placeholder inside a JSON string gets the raw value (strings unquoted, not escaped);
 * - an unquoted placeholder gets the value as JSON (a string is quoted, arrays and objects as is);
 * - a placeholder whose path is not in the event renders nothing.
 * Paths are the dot-notation subset our rules use (`$.detail.image-tags`).
 */

function valueAt(event: unknown, path: string): unknown {
  if (!/^\$(\.[\w-]+)+$/.test(path)) throw new Error(`unsupported JSON path ${path}`);
  return path
    .slice(2)
    .split(".")
    .reduce<unknown>(
      (value, key) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined),
      event,
    );
}

function rendered(value: unknown, insideString: boolean): string {
  if (value === undefined) return "";
  if (insideString && typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The text EventBridge sends to the target for `event`. Throws on a placeholder with no path (a typo). */
export function transformInput(inputPaths: Readonly<Record<string, string>>, template: string, event: unknown): string {
  let output = "";
  let insideString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    const placeholder = char === "<" ? /^<([\w.-]+)>/.exec(template.slice(i)) : null;
    if (placeholder) {
      const path = inputPaths[placeholder[1]];
      if (path === undefined) throw new Error(`placeholder <${placeholder[1]}> has no InputPathsMap entry`);
      output += rendered(valueAt(event, path), insideString);
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
