import { matchesEventPattern } from "./event-pattern";

// The event of event-ruler's README ("Ruler by Example", github.com/aws/event-ruler).
const rulerEvent = {
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
  },
};

/** The README event with `detail` edited. */
function withDetail(detail: Record<string, unknown>) {
  return { ...rulerEvent, detail: { ...rulerEvent.detail, ...detail } };
}

describe("EventBridge pattern matcher: event-ruler README examples", () => {
  it("simple matching: every field must match, any listed value will do, arrays intersect", () => {
    const rule = {
      "detail-type": ["EC2 Instance State-change Notification"],
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
      detail: { state: ["initializing", "running"] },
    };
    expect(matchesEventPattern(rule, rulerEvent)).toBe(true);
    expect(matchesEventPattern(rule, withDetail({ state: "initializing" }))).toBe(true);
    expect(matchesEventPattern(rule, withDetail({ state: "stopped" }))).toBe(false);
  });

  it("prefix matching works on strings", () => {
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-02" }] }, rulerEvent)).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-03" }] }, rulerEvent)).toBe(false);
  });

  it.each([
    [{ state: [{ "anything-but": "initializing" }] }, true],
    [{ state: [{ "anything-but": "running" }] }, false],
    [{ "x-limit": [{ "anything-but": 123 }] }, true],
    [{ state: [{ "anything-but": ["stopped", "overloaded"] }] }, true],
    [{ state: [{ "anything-but": ["stopped", "running"] }] }, false],
    [{ "x-limit": [{ "anything-but": [100, 200, 300] }] }, true],
    [{ "x-limit": [{ "anything-but": [100, 301.8] }] }, false],
  ])("anything-but %j matches the README event: %s", (detail, expected) => {
    expect(matchesEventPattern({ detail }, rulerEvent)).toBe(expected);
  });

  it("anything-but needs a value: a missing field does not match", () => {
    expect(matchesEventPattern({ detail: { status: [{ "anything-but": "running" }] } }, rulerEvent)).toBe(false);
  });

  it("numeric matching (the README's ranges, bounds and exponent notation)", () => {
    const rule = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matchesEventPattern(rule, rulerEvent)).toBe(true);
    expect(matchesEventPattern(rule, withDetail({ "c-count": 6 }))).toBe(false);
    expect(matchesEventPattern(rule, withDetail({ "c-count": 0 }))).toBe(false);
  });

  it("numeric matching only works with JSON numbers", () => {
    expect(matchesEventPattern({ detail: { "c-count": [{ numeric: [">", 0] }] } }, withDetail({ "c-count": "5" }))).toBe(false);
  });

  it("exists: true matches an event that has the field, not one without it", () => {
    const rule = { detail: { "c-count": [{ exists: true }] } };
    expect(matchesEventPattern(rule, rulerEvent)).toBe(true);
    expect(matchesEventPattern(rule, { ...rulerEvent, detail: { state: "running" } })).toBe(false);
  });

  it("exists: false matches an event without the field", () => {
    const rule = { detail: { "c-count": [{ exists: false }] } };
    expect(matchesEventPattern(rule, { ...rulerEvent, detail: { state: "running" } })).toBe(true);
    expect(matchesEventPattern(rule, rulerEvent)).toBe(false);
  });

  it("exists looks at leaves only: an object-valued c-count does not exist (the README's second exists example)", () => {
    const event = { ...rulerEvent, detail: { state: "running", "c-count": { c1: 100 } } };
    expect(matchesEventPattern({ detail: { "c-count": [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { "c-count": [{ exists: true }] } }, event)).toBe(false);
  });

  it("exists: false also matches when a parent of the field is missing", () => {
    expect(matchesEventPattern({ detail: { counts: { c: [{ exists: false }] } } }, rulerEvent)).toBe(true);
  });

  describe('"$or" (the README\'s rule examples)', () => {
    const cloudwatch = (fields: Record<string, unknown>) => ({ source: "aws.cloudwatch", ...fields });

    it('normal "or": source && (metricName || namespace)', () => {
      const rule = { source: ["aws.cloudwatch"], $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }] };
      expect(matchesEventPattern(rule, cloudwatch({ metricName: "ReadLatency" }))).toBe(true);
      expect(matchesEventPattern(rule, cloudwatch({ namespace: "AWS/ES" }))).toBe(true);
      expect(matchesEventPattern(rule, cloudwatch({ metricName: "DiskFree", namespace: "AWS/RDS" }))).toBe(false);
      expect(matchesEventPattern(rule, { source: "aws.ec2", metricName: "ReadLatency" })).toBe(false);
    });

    it('parallel "or": (metricName || namespace) && (detail.source || detail.detail-type)', () => {
      const rule = {
        $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
        detail: { $or: [{ source: ["aws.cloudwatch"] }, { "detail-type": ["CloudWatch Alarm State Change"] }] },
      };
      expect(matchesEventPattern(rule, { namespace: "AWS/EC2", detail: { "detail-type": "CloudWatch Alarm State Change" } })).toBe(true);
      expect(matchesEventPattern(rule, { namespace: "AWS/EC2", detail: { source: "aws.ec2" } })).toBe(false);
    });

    it('"or" with an "and" inside, and nested "or"', () => {
      const rule = {
        source: ["aws.cloudwatch"],
        $or: [
          { metricName: ["CPUUtilization", "ReadLatency"] },
          { metricType: ["MetricType"], namespace: ["AWS/EC2", "AWS/ES"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          { scope: ["Service"] },
        ],
      };
      expect(matchesEventPattern(rule, cloudwatch({ metricType: "MetricType", namespace: "AWS/EC2", spaceId: 1000 }))).toBe(true);
      expect(matchesEventPattern(rule, cloudwatch({ metricType: "MetricType", namespace: "AWS/EC2", spaceId: 1 }))).toBe(false);
      expect(matchesEventPattern(rule, cloudwatch({ metricType: "MetricType" }))).toBe(false);
      expect(matchesEventPattern(rule, cloudwatch({ scope: "Service" }))).toBe(true);
    });

    it('refuses "$or" that event-ruler reads as a field name (the README\'s backward-compatibility example)', () => {
      const rule = { source: ["aws.cloudwatch"], $or: { metricType: ["MetricType"], namespace: ["AWS/EC2", "AWS/ES"] } };
      expect(() => matchesEventPattern(rule, cloudwatch({}))).toThrow(/"\$or" that event-ruler would read as a field name/);
    });
  });

  describe("JSON array matching (the README's employees example)", () => {
    const employees = {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
        { firstName: "Peter", lastName: "Jones" },
      ],
    };

    it("crushes the array: a field inside any element matches", () => {
      expect(matchesEventPattern({ employees: { firstName: ["Anna"] } }, employees)).toBe(true);
    });

    it("fields of one array must match in the same element (rulesForJSONEvent)", () => {
      expect(matchesEventPattern({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, employees)).toBe(false);
      expect(matchesEventPattern({ employees: { firstName: ["Anna"], lastName: ["Smith"] } }, employees)).toBe(true);
    });

    it("works for multi-level arrays too", () => {
      const nested = { employees: [[employees.employees[0], employees.employees[1]], [employees.employees[2]]] };
      expect(matchesEventPattern({ employees: { firstName: ["Peter"] } }, nested)).toBe(true);
    });

    it('refuses "exists": false inside an array of several objects rather than guess', () => {
      expect(() => matchesEventPattern({ employees: { middleName: [{ exists: false }] } }, employees)).toThrow(/inside an array of several objects/);
    });
  });

  it.each([
    ["suffix", { source: [{ suffix: "ec2" }] }],
    ["equals-ignore-case", { source: [{ "equals-ignore-case": "EC2" }] }],
    ["wildcard", { source: [{ wildcard: "Simple*Service" }] }],
    ["anything-but prefix", { detail: { state: [{ "anything-but": { prefix: "init" } }] } }],
    ["cidr (the README's complex example)", { detail: { "source-ip": [{ cidr: "10.0.0.0/8" }] } }],
  ])("refuses %s, which it does not model, instead of guessing", (_, rule) => {
    expect(() => matchesEventPattern(rule, rulerEvent)).toThrow(/unsupported event pattern/);
  });
});

// Examples from the Amazon EventBridge user guide ("Event patterns", "Arrays", "Null values and empty strings").
describe("EventBridge pattern matcher: user guide examples", () => {
  const ec2Event = {
    source: "aws.ec2",
    "detail-type": "EC2 Instance State-change Notification",
    resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
  };

  it("matches source, detail-type and a nested value", () => {
    const pattern = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["terminated"] } };
    expect(matchesEventPattern(pattern, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: ["running", "stopped"] } }, ec2Event)).toBe(false);
  });

  it("does not match when the pattern names a field the event lacks", () => {
    expect(matchesEventPattern({ detail: { "instance-type": ["t3.micro"] } }, ec2Event)).toBe(false);
  });

  it("matches an array field when the pattern and event arrays intersect", () => {
    const event = {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    };
    const pattern = {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
      ],
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
  });

  it("matches null and empty strings, which are not interchangeable", () => {
    const event = { detail: { eventVersion: "", responseElements: null } };
    expect(matchesEventPattern({ detail: { eventVersion: [""] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [""] } }, event)).toBe(false);
  });
});

describe("EventBridge pattern matcher: checks the whole pattern", () => {
  it("refuses an unsupported operator even where the event has no value to test it on", () => {
    expect(() => matchesEventPattern({ source: ["aws.ec2"], detail: { missing: [{ suffix: "x" }] } }, { source: "aws.s3" })).toThrow(/unsupported event pattern/);
  });
});
