import {
  assumeRoleSessionName,
  datadogIntakeKeyName,
  defaultDeployRoleName,
  derivedNameProblem,
  derivedNameProblems,
  derivedNames,
  namePrefix,
  outputPrefix,
  outputPrefixClashes,
} from "../../constructs/resource-names";

// The name builders and their limits alone (resource-names.test.ts checks the names the stacks create).

const PROD = { service: "demo-api", name: "prod" };

describe("the names derived from service + environment", () => {
  it("lists every name, with the limit it is checked against and what it is built from", () => {
    const all = derivedNames({ ...PROD, assumeRoleArn: "arn:aws:iam::222222222222:role/t", stateBackend: { type: "s3" }, alerting: { alarmTopic: { type: "create" } } });
    expect(all.map((n) => [n.limit.kind, n.resource, n.value, n.from, n.orElse ?? null])).toEqual([
    ["IAM role name", "the deploy role", "demo-api-prod-github-deploy", "service + environment", "set github.roleName"],
    ["EventBridge rule name", "the scan-critical rule", "demo-api-prod-scan-critical", "service + environment", null],
    ["EventBridge rule name", "the finding-critical rule", "demo-api-prod-finding-critical", "service + environment", null],
    ["EventBridge rule name", "the scan-critical-untagged rule", "demo-api-prod-scan-critical-untagged", "service + environment", null],
    ["EventBridge rule name", "the finding-critical-untagged rule", "demo-api-prod-finding-critical-untagged", "service + environment", null],
    ["EventBridge rule name", "the not-scanned rule", "demo-api-prod-not-scanned", "service + environment", null],
    ["EventBridge rule name", "the heartbeat rule", "demo-api-prod-alert-heartbeat", "service + environment", null],
    ["CloudWatch alarm name", "the dead-letter alarm", "demo-api-prod-scan-alerts-dead-lettered", "service + environment", null],
    ["CloudWatch alarm name", "the scan-critical lost-invocations alarm", "demo-api-prod-scan-critical-invocations-lost", "service + environment", null],
    ["CloudWatch alarm name", "the finding-critical lost-invocations alarm", "demo-api-prod-finding-critical-invocations-lost", "service + environment", null],
    ["CloudWatch alarm name", "the scan-critical-untagged lost-invocations alarm", "demo-api-prod-scan-critical-untagged-invocations-lost", "service + environment", null],
    ["CloudWatch alarm name", "the finding-critical-untagged lost-invocations alarm", "demo-api-prod-finding-critical-untagged-invocations-lost", "service + environment", null],
    ["CloudWatch alarm name", "the not-scanned lost-invocations alarm", "demo-api-prod-not-scanned-invocations-lost", "service + environment", null],
    ["CloudWatch alarm name", "the alert-heartbeat lost-invocations alarm", "demo-api-prod-alert-heartbeat-invocations-lost", "service + environment", null],
    ["SNS topic name", "the alarm topic", "demo-api-prod-scan-alert-path-alarms", "service + environment", null],
    ["EventBridge connection name", "the Datadog connection", "demo-api-prod-datadog-logs", "service + environment", null],
    ["EventBridge API destination name", "the Datadog API destination", "demo-api-prod-datadog-logs", "service + environment", null],
    ["IAM role name", "the EventBridge delivery role", "demo-api-prod-scan-findings-to-datadog", "service + environment", null],
    ["SQS queue name", "the dead-letter queue", "demo-api-prod-scan-findings-dlq", "service + environment", null],
    ["STS session name", "the provider's assume-role session", "demo-api-prod-cdktf", "service + environment", null],
    ["STS session name", "the state bootstrap's assume-role session", "demo-api-prod-state-bootstrap", "service + environment", null],
    ]);
  });

  it("leaves out the role name a config sets, the topic it does not create, and the sessions without assumeRoleArn", () => {
    const names = derivedNames({ ...PROD, github: { roleName: "x" }, stateBackend: { type: "hcp" }, alerting: { alarmTopic: { type: "existing" } } }).map((n) => n.resource);
    expect(names).not.toContain("the deploy role");
    expect(names).not.toContain("the alarm topic");
    expect(names.filter((n) => n.includes("session"))).toEqual([]);
  });

  it("checks the bootstrap session only with an S3 backend", () => {
    const sessions = (type: string) => derivedNames({ ...PROD, assumeRoleArn: "arn:aws:iam::222222222222:role/t", stateBackend: { type } }).filter((n) => n.resource.includes("session"));
    expect([sessions("s3").length, sessions("hcp").length]).toEqual([2, 1]);
  });

  it.each([
    ["demo-api", "prod", "demo-api-prod"],
    ["team/demo.api", "prod", "team-demo-api-prod"],
  ])("prefixes %s in %s as %s", (service, environment, prefix) => {
    expect(namePrefix(service, environment)).toBe(prefix);
  });

  it("names the deploy role, the intake key and the sessions", () => {
    expect(defaultDeployRoleName("team/demo-api", "prod")).toBe("team-demo-api-prod-github-deploy");
    expect(datadogIntakeKeyName("demo-api-prod")).toBe("demo-api-prod-ecr-scan-findings");
    expect(assumeRoleSessionName("team/demo.api", "poc", "state-bootstrap")).toBe("team-demo-api-poc-state-bootstrap");
  });
});

describe("the limits each name is checked against", () => {
  const problemFor = (service: string, resource: string) =>
    derivedNameProblem(derivedNames({ service, name: "prod", assumeRoleArn: "arn:aws:iam::222222222222:role/t", stateBackend: { type: "s3" }, alerting: { alarmTopic: { type: "create" } } }).find((n) => n.resource === resource)!);

  it("accepts a deploy role name of exactly 64 characters and refuses 65, saying by how much to shorten and the way out", () => {
    const at = (length: number) => "s".repeat(length - "-prod-github-deploy".length);
    expect(problemFor(at(64), "the deploy role")).toBeUndefined();
    expect(problemFor(at(65), "the deploy role")).toBe(
      `service + environment make the IAM role name of the deploy role "${at(65)}-prod-github-deploy" 65 characters; AWS allows at most 64. Shorten service or environment by 1 character, or set github.roleName.`,
    );
  });

  it("shows a name over 80 characters by its first 60", () => {
    expect(problemFor("s".repeat(70), "the deploy role")).toContain(`"${"s".repeat(60)}..." 89 characters`);
  });

  it("says characters, plural, when over by more than one", () => {
    expect(problemFor("s".repeat(50), "the deploy role")).toContain("by 5 characters, or set github.roleName.");
  });

  it.each([
    ["the scan-critical rule", 64 - "-prod-scan-critical".length],
    ["the dead-letter queue", 80 - "-prod-scan-findings-dlq".length],
    ["the alarm topic", 256 - "-prod-scan-alert-path-alarms".length],
    ["the dead-letter alarm", 255 - "-prod-scan-alerts-dead-lettered".length],
    ["the provider's assume-role session", 64 - "-prod-cdktf".length],
    ["the Datadog connection", 64 - "-prod-datadog-logs".length],
  ])("accepts %s at its limit and refuses it one over", (resource, serviceLength) => {
    expect(problemFor("s".repeat(serviceLength), resource)).toBeUndefined();
    expect(problemFor("s".repeat(serviceLength + 1), resource)).toMatch(/ characters; AWS allows at most \d+\. Shorten service or environment by 1 character\.$/);
  });

  it.each([
    ["the deploy role", "a+b=c,d.e@f_g", undefined],
    ["the deploy role", "a#b", 'which has characters AWS does not allow (only letters, digits and "+=,.@_-")'],
    ["the scan-critical rule", "a.b_c", undefined],
    ["the scan-critical rule", "a@b", 'which has characters AWS does not allow (only letters, digits and "._-")'],
    ["the dead-letter queue", "a_b", undefined],
    ["the dead-letter queue", "a+b", 'which has characters AWS does not allow (only letters, digits, "-" and "_")'],
    ["the alarm topic", "a+b", 'which has characters AWS does not allow (only letters, digits, "-" and "_")'],
    ["the dead-letter alarm", "a #b", undefined],
    ["the provider's assume-role session", "a#b", 'which has characters AWS does not allow (only letters, digits and "+=,.@_-")'],
  ])("checks the characters of %s built from service %s", (resource, service, problem) => {
    const found = problemFor(service, resource);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it("refuses a session name shorter than STS's minimum", () => {
    const short = { limit: { kind: "STS session name", minLength: 2, maxLength: 64, allowed: /^[\w+=,.@-]*$/, allowedText: "x", owner: "AWS" }, resource: "r", value: "a", from: "service + environment" };
    expect(derivedNameProblem(short)).toBe('service + environment make the STS session name of r "a" 1 characters; AWS needs at least 2. Lengthen service or environment.');
  });

  it("lists every problem of an environment", () => {
    expect(derivedNameProblems({ service: "s".repeat(70), name: "prod" }).length).toBeGreaterThan(5);
    expect(derivedNameProblems(PROD)).toEqual([]);
  });
});

describe("repository output names", () => {
  it.each([
    ["demo-api", "demo-api"],
    ["team/demo.api", "team_demo_api"],
    ["0cache", "_0cache"],
    ["a0", "a0"],
  ])("%s -> %s", (name, prefix) => {
    expect(outputPrefix(name)).toBe(prefix);
  });

  it("reports each repository whose output names clash with an earlier one's, once", () => {
    expect(outputPrefixClashes(["demo.api", "other", "demo_api", "demo/api", "other"])).toEqual([
      [2, 0],
      [3, 0],
    ]);
  });
});

describe("the shortest names", () => {
  it("accepts a one-character IAM role name, the shortest IAM allows", () => {
    const name = { limit: { kind: "IAM role name", minLength: 1, maxLength: 64, allowed: /^[\w+=,.@-]*$/, allowedText: "letters", owner: "AWS" }, resource: "the deploy role", value: "r", from: "github.roleName" };
    expect(derivedNameProblem(name)).toBeUndefined();
  });
});
