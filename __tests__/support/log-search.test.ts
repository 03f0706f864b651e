import { alertingGroups, parseLogMonitorQuery } from "./log-monitor";
import { matchesLogSearch } from "./log-search";

// Examples of Datadog's "Log Search Syntax" page (docs.datadoghq.com/logs/explorer/search_syntax).
describe("Datadog log search matcher (test support): the documented examples", () => {
  it("@http.url_details.path:\"/api/v1/test\" matches that exact path", () => {
    const query = '@http.url_details.path:"/api/v1/test"';
    expect(matchesLogSearch(query, { http: { url_details: { path: "/api/v1/test" } } })).toBe(true);
    expect(matchesLogSearch(query, { http: { url_details: { path: "/api/v1/test/2" } } })).toBe(false);
  });

  it("@http.url:/api\\-v1/* matches values starting with /api-v1/", () => {
    expect(matchesLogSearch("@http.url:/api\\-v1/*", { http: { url: "/api-v1/users" } })).toBe(true);
    expect(matchesLogSearch("@http.url:/api\\-v1/*", { http: { url: "/api-v2/users" } })).toBe(false);
  });

  it("-@http.status_code:* matches logs without the attribute", () => {
    expect(matchesLogSearch("-@http.status_code:*", { http: {} })).toBe(true);
    expect(matchesLogSearch("-@http.status_code:*", { http: { status_code: 500 } })).toBe(false);
  });

  it("env:(prod OR test) matches either tag", () => {
    expect(matchesLogSearch("env:(prod OR test)", { ddtags: "env:test,version:1" })).toBe(true);
    expect(matchesLogSearch("env:(prod OR test)", { ddtags: "env:staging" })).toBe(false);
  });

  it("(env:prod AND -version:beta) excludes the beta version", () => {
    expect(matchesLogSearch("(env:prod AND -version:beta)", { ddtags: "env:prod,version:ga" })).toBe(true);
    expect(matchesLogSearch("(env:prod AND -version:beta)", { ddtags: "env:prod,version:beta" })).toBe(false);
  });

  it("service:web* and service:*mongo match the reserved service attribute by wildcard", () => {
    expect(matchesLogSearch("service:web*", { service: "web-store" })).toBe(true);
    expect(matchesLogSearch("service:*mongo", { service: "users-mongo" })).toBe(true);
    expect(matchesLogSearch("service:*mongo", { service: "mongo-users" })).toBe(false);
  });

  it("a special character in a value is escaped, quoted, or matched by the ? wildcard", () => {
    const log = { my_attribute: "hello:world" };
    expect(matchesLogSearch("@my_attribute:hello\\:world", log)).toBe(true);
    expect(matchesLogSearch('@my_attribute:"hello:world"', log)).toBe(true);
    expect(matchesLogSearch("@my_attribute:hello?world", { my_attribute: "hello world" })).toBe(true);
  });

  it("an array attribute matches when any element does (the users.names example)", () => {
    expect(matchesLogSearch("@users.names:Peter", { users: { names: ["Anna", "Peter"] } })).toBe(true);
    expect(matchesLogSearch("@users.names:Peter", { users: { names: "Peter" } })).toBe(true);
    expect(matchesLogSearch("@users.names:Peter", { users: { names: ["Anna"] } })).toBe(false);
  });

  it("searches inside an array of objects (the @Event.EventData.Data.Name example)", () => {
    const log = { Event: { EventData: { Data: [{ Name: "SubjectUserSid" }, { Name: "ObjectServer" }] } } };
    expect(matchesLogSearch("@Event.EventData.Data.Name:ObjectServer", log)).toBe(true);
  });

  it("tags:<MY_TAG> matches a tag that is not key:value", () => {
    expect(matchesLogSearch("tags:mytag", { ddtags: "env:prod,mytag" })).toBe(true);
  });

  it("joins terms with AND by default and is case sensitive on attributes", () => {
    expect(matchesLogSearch("source:amazon_ecr @evt.name:x", { ddsource: "amazon_ecr", evt: { name: "x" } })).toBe(true);
    expect(matchesLogSearch("source:amazon_ecr @evt.name:X", { ddsource: "amazon_ecr", evt: { name: "x" } })).toBe(false);
  });

  it.each([
    ["free text", "authentication AND -password"],
    ["full-text search", "*:hello"],
    ["a numerical range", "@http.status_code:[200 TO 299]"],
    ["a numerical comparison", "@http.response_time:>100"],
    ["an unescaped special character", "@http.url:/api-v1/*"],
  ])("refuses %s (not modelled, or against the documented escaping rule)", (_, query) => {
    expect(() => matchesLogSearch(query, {})).toThrow(/unsupported log search/);
  });
});

describe("Datadog log monitor query (test support)", () => {
  const query = 'logs("service:api @evt.name:x").index("*").rollup("count").by("@digest").last("15m") >= 1';

  it("reads the search, grouping, window and threshold", () => {
    expect(parseLogMonitorQuery(query)).toEqual({ search: "service:api @evt.name:x", groupBy: ["@digest"], window: "15m", operator: ">=", threshold: 1 });
  });

  it("alerts once per group that reaches the threshold", () => {
    const log = (digest: string, name = "x") => ({ service: "api", evt: { name }, digest });
    expect(alertingGroups(query, [log("a"), log("a"), log("b"), log("c", "y")])).toEqual(["a", "b"]);
  });

  it("counts an empty window as zero (a monitor on missing logs alerts)", () => {
    expect(alertingGroups('logs("@evt.name:beat").index("*").rollup("count").last("3h") < 1', [])).toEqual(["*"]);
  });
});
