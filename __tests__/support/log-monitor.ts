import { matchesLogSearch } from "./log-search";

/**
 * A Datadog log monitor's query (`datadog_monitor.query`, type `log alert`), as the Datadog API documents it:
 * `logs(<search>).index(<index>).rollup("count")[.by(<facets>)].last(<window>) <operator> <threshold>`.
 */
export interface LogMonitorQuery {
  readonly search: string;
  readonly groupBy: readonly string[];
  readonly window: string;
  readonly operator: string;
  readonly threshold: number;
}

const QUERY =
  /^logs\("((?:[^"\\]|\\.)*)"\)\.index\("\*"\)\.rollup\("count"\)(?:\.by\("([^"]*)"\))?\.last\("(\d+[mhd])"\) (>=|>|<=|<|==) (\d+(?:\.\d+)?)$/;

export function parseLogMonitorQuery(query: string): LogMonitorQuery {
  const match = QUERY.exec(query);
  if (!match) throw new Error(`not a log count monitor query this support models: ${query}`);
  const [, search, by, window, operator, threshold] = match;
  return { search, groupBy: by ? by.split(",") : [], window, operator, threshold: Number(threshold) };
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  ">=": (a, b) => a >= b,
  ">": (a, b) => a > b,
  "<=": (a, b) => a <= b,
  "<": (a, b) => a < b,
  "==": (a, b) => a === b,
};

function facetValue(log: Record<string, unknown>, facet: string): string {
  const value = facet
    .replace(/^@/, "")
    .split(".")
    .reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined), log);
  if (typeof value !== "string" && typeof value !== "number") throw new Error(`a log counted by the monitor has no facet ${facet}: ${JSON.stringify(log)}`);
  return String(value);
}

/**
 * The groups that would be in ALERT if all `logs` fell inside one evaluation window: the search selects
 * logs, they are counted per group (`by` facets; one group when there are none) and each count is compared
 * with the threshold. A count monitor evaluates an empty window as 0 ("Evaluate as zero", Datadog's monitor
 * configuration docs), so with no group the single group `*` has count 0.
 */
export function alertingGroups(query: string, logs: readonly Record<string, unknown>[]): string[] {
  const { search, groupBy, operator, threshold } = parseLogMonitorQuery(query);
  const counts = new Map<string, number>();
  if (groupBy.length === 0) counts.set("*", 0);
  for (const log of logs.filter((l) => matchesLogSearch(search, l))) {
    const group = groupBy.length === 0 ? "*" : groupBy.map((facet) => facetValue(log, facet)).join(",");
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => COMPARE[operator](count, threshold)).map(([group]) => group);
}
