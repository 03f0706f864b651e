/**
 * EventBridge event-pattern matching, limited to what our rules use: exact values and `numeric`.
 * No trustworthy implementation is on npm (AWS's own, event-ruler, is Java); anything else throws,
 * so a rule that starts using another operator fails its tests until this learns it.
 */

type Json = unknown;

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  "=": (a, b) => a === b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function matchesNumeric(condition: readonly Json[], value: Json): boolean {
  if (typeof value !== "number") return false;
  for (let i = 0; i < condition.length; i += 2) {
    const operator = NUMERIC_OPERATORS[String(condition[i])];
    const bound = condition[i + 1];
    if (!operator || typeof bound !== "number") throw new Error(`unsupported numeric condition ${JSON.stringify(condition)}`);
    if (!operator(value, bound)) return false;
  }
  return true;
}

function matchesOne(matcher: Json, value: Json): boolean {
  if (isObject(matcher)) {
    const [operator, ...others] = Object.keys(matcher);
    if (operator === "numeric" && others.length === 0) return matchesNumeric(matcher.numeric as Json[], value);
    throw new Error(`unsupported pattern operator ${JSON.stringify(matcher)}`);
  }
  return !isObject(value) && !Array.isArray(value) && matcher === value;
}

/** A leaf: any event value (an array matches when any element does) equals any matcher. */
function matchesLeaf(matchers: readonly Json[], value: Json): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => matchers.some((m) => matchesOne(m, v)));
}

/** Whether `event` matches `pattern`: every field of the pattern must match; fields absent from the event never do. */
export function matchesEventPattern(pattern: Record<string, Json>, event: Json): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    if (!(field in event)) return false;
    if (Array.isArray(expected)) return matchesLeaf(expected, event[field]);
    if (isObject(expected)) return matchesEventPattern(expected, event[field]);
    throw new Error(`invalid pattern at "${field}": expected an array or an object`);
  });
}
