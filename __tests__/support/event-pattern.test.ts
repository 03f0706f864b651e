import { matchesEventPattern } from "./event-pattern";

// Examples from the Amazon EventBridge user guide ("Event patterns", "Content filtering").
const ec2Event = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

describe("EventBridge pattern matcher (test support)", () => {
  it("matches the guide's EC2 example on source, detail-type and a nested value", () => {
    const pattern = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["terminated"] } };
    expect(matchesEventPattern(pattern, ec2Event)).toBe(true);
  });

  it("does not match when a nested value differs", () => {
    expect(matchesEventPattern({ detail: { state: ["running", "stopped"] } }, ec2Event)).toBe(false);
  });

  it("does not match when the pattern names a field the event lacks", () => {
    expect(matchesEventPattern({ detail: { "instance-type": ["t3.micro"] } }, ec2Event)).toBe(false);
  });

  it("matches an array field when any of its elements matches (the guide's resources example)", () => {
    const event = { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"] };
    expect(matchesEventPattern({ resources: ["arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f", "other"] }, event)).toBe(true);
    expect(matchesEventPattern({ resources: ["other"] }, event)).toBe(false);
  });

  it("matches the guide's numeric example (ranges, =, exponent notation)", () => {
    const pattern = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matchesEventPattern(pattern, { detail: { "c-count": 5, "d-count": 7, "x-limit": 301.8 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { "c-count": 6, "d-count": 7, "x-limit": 301.8 } })).toBe(false);
  });

  it("never numerically matches a string or a missing key", () => {
    const pattern = { detail: { count: [{ numeric: [">=", 1] }] } };
    expect(matchesEventPattern(pattern, { detail: { count: "5" } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(false);
  });

  it("refuses operators it does not implement instead of guessing", () => {
    expect(() => matchesEventPattern({ source: [{ prefix: "aws." }] }, ec2Event)).toThrow(/unsupported pattern operator/);
  });
});
