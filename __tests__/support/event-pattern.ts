/**
 * EventBridge event-pattern matching, as AWS's own matcher (event-ruler, Java) documents it, for the
 * operators our rules use: exact values, `numeric`, `anything-but` (a value or a list), `exists`, `prefix`,
 * `$or`, and arrays (of values and of objects). Anything else throws, so a rule that starts using another
 * operator fails its tests until this learns it. Sources: the event-ruler README (github.com/aws/event-ruler)
 * and the EventBridge user guide ("Content filtering", "Arrays", "Null values").
 *
 * Semantics modelled (all from those documents):
 * - every field of the pattern must match (AND); a field matches when any of its values matches (OR);
 * - an array in the event matches when any of its elements does; nested arrays are flattened;
 * - fields inside one array of objects must match in the same element (`rulesForJSONEvent`);
 * - a field missing from the event matches only `{"exists": false}`; `exists` looks at leaves only, so an
 *   object-valued field "does not exist" and an empty array has no value;
 * - `numeric` only matches JSON numbers; `anything-but` needs a value and compares JSON representations.
 */

type Json = unknown;
type Pattern = Record<string, Json>;

/** event-ruler's keywords; an object using one of them inside `$or` means `$or` is a field name (unsupported here). */
const OPERATORS = new Set(["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard", "cidr"]);

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

function flatten(values: readonly Json[]): Json[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]));
}

function unsupported(what: string): never {
  throw new Error(`unsupported event pattern: ${what}`);
}

function checkNumeric(condition: Json): void {
  const pairs = Array.isArray(condition) && condition.length > 0 && condition.length % 2 === 0 ? condition : [undefined];
  for (let i = 0; i < pairs.length; i += 2) {
    if (!(String(pairs[i]) in NUMERIC_OPERATORS) || typeof pairs[i + 1] !== "number") unsupported(`numeric ${JSON.stringify(condition)}`);
  }
}

function checkAnythingBut(excluded: Json): void {
  const list = Array.isArray(excluded) ? excluded : [excluded];
  if (list.length === 0 || !list.every((item) => typeof item === "string" || typeof item === "number")) {
    unsupported(`anything-but ${JSON.stringify(excluded)} (only a value or a list of values is modelled)`);
  }
}

/** Throws unless every matcher of the pattern is one this module models (checked before any event is looked at). */
function checkPattern(pattern: Json, field = "(pattern)"): void {
  if (Array.isArray(pattern)) {
    if (pattern.length === 0) unsupported(`"${field}": an empty list of values`);
    for (const matcher of pattern) {
      if (!isObject(matcher)) continue;
      const [operator, ...others] = Object.keys(matcher);
      const argument = matcher[operator];
      if (others.length > 0) unsupported(`matcher with several operators ${JSON.stringify(matcher)}`);
      if (operator === "numeric") checkNumeric(argument);
      else if (operator === "anything-but") checkAnythingBut(argument);
      else if (operator === "exists" && typeof argument !== "boolean") unsupported(`exists ${JSON.stringify(argument)}`);
      else if (operator === "prefix" && typeof argument !== "string") unsupported(`prefix ${JSON.stringify(argument)}`);
      else if (!["numeric", "anything-but", "exists", "prefix"].includes(operator)) unsupported(`operator ${JSON.stringify(matcher)}`);
    }
    return;
  }
  if (!isObject(pattern)) unsupported(`"${field}": expected an array of values or an object`);
  for (const [key, value] of Object.entries(pattern)) {
    if (key !== "$or") {
      checkPattern(value, key);
      continue;
    }
    const isOr = Array.isArray(value) && value.length >= 2 && value.every((b) => isObject(b) && !Object.keys(b).some((k) => OPERATORS.has(k)));
    if (!isOr) unsupported('"$or" that event-ruler would read as a field name');
    (value as Json[]).forEach((branch) => checkPattern(branch, key));
  }
}

function matchesNumeric(condition: Json[], value: Json): boolean {
  if (typeof value !== "number") return false;
  for (let i = 0; i < condition.length; i += 2) {
    if (!NUMERIC_OPERATORS[String(condition[i])](value, condition[i + 1] as number)) return false;
  }
  return true;
}

/** One matcher of a leaf's list against one value of the event. */
function matchesValue(matcher: Json, value: Json): boolean {
  if (!isObject(matcher)) return matcher === value;
  if ("numeric" in matcher) return matchesNumeric(matcher.numeric as Json[], value);
  if ("prefix" in matcher) return typeof value === "string" && value.startsWith(matcher.prefix as string);
  // anything-but: any value whose JSON representation is not listed.
  const excluded = [matcher["anything-but"]].flat();
  return !excluded.some((item) => JSON.stringify(item) === JSON.stringify(value));
}

function matchesLeaf(matchers: readonly Json[], value: Json): boolean {
  // Only leaves hold values: an object has none, an array holds its (flattened) scalar elements.
  const values = value === undefined || isObject(value) ? [] : Array.isArray(value) ? flatten(value).filter((v) => !isObject(v)) : [value];
  return matchers.some((matcher) =>
    isObject(matcher) && "exists" in matcher ? matcher.exists === (values.length > 0) : values.some((v) => matchesValue(matcher, v)),
  );
}

function containsExistsFalse(pattern: Json): boolean {
  if (Array.isArray(pattern)) return pattern.some((m) => isObject(m) && m.exists === false);
  return isObject(pattern) && Object.values(pattern).some(containsExistsFalse);
}

/** `pattern` (an object level of the pattern) against the event node at the same path. */
function matchesObject(pattern: Pattern, node: Json): boolean {
  if (Array.isArray(node)) {
    const elements = flatten(node);
    if (elements.filter(isObject).length > 1 && containsExistsFalse(pattern)) {
      unsupported('"exists": false inside an array of several objects');
    }
    return elements.length === 0 ? matchesObject(pattern, undefined) : elements.some((element) => matchesObject(pattern, element));
  }
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === "$or") return (expected as Pattern[]).some((branch) => matchesObject(branch, node));
    const child = isObject(node) ? node[field] : undefined;
    return Array.isArray(expected) ? matchesLeaf(expected, child) : matchesObject(expected as Pattern, child);
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. Throws on what it does not model. */
export function matchesEventPattern(pattern: Pattern, event: Json): boolean {
  if (!isObject(pattern) || Object.keys(pattern).length === 0) unsupported("the pattern must be a non-empty object");
  checkPattern(pattern);
  return matchesObject(pattern, event);
}
