import { transformInput } from "./input-transformer";

// The input transformation examples of the Amazon EventBridge user guide ("Input transform examples").
const event = {
  time: "2015-11-11T21:29:54Z",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
  detail: { "instance-id": "i-0123456789", state: "RUNNING" },
};
const paths = { timestamp: "$.time", instance: "$.detail.instance-id", state: "$.detail.state", resource: "$.resources[0]" };

describe("EventBridge input transformer (test support)", () => {
  it("quotes a string placed as a JSON value (the guide's 'Simple JSON')", () => {
    const output = transformInput(paths, '{"instance" : <instance>, "state": <state>}', event);
    expect(JSON.parse(output)).toEqual({ instance: "i-0123456789", state: "RUNNING" });
  });

  it("inserts the raw string inside quotes (the guide's 'JSON with strings and variables')", () => {
    const template = '{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}';
    expect(JSON.parse(transformInput(paths, template, event))).toEqual({
      instance: "i-0123456789",
      state: "RUNNING",
      instanceStatus: 'instance "i-0123456789" is in RUNNING',
    });
  });

  it("mixes variables with static values in arrays (the guide's mixed example)", () => {
    const output = transformInput(paths, '{"instance" : <instance>, "state": [9, <state>, true], "Transformed" : "Yes"}', event);
    expect(JSON.parse(output)).toEqual({ instance: "i-0123456789", state: [9, "RUNNING", true], Transformed: "Yes" });
  });

  it("takes an array item by index (the guide's `$.resources[0]` input path)", () => {
    expect(JSON.parse(transformInput(paths, '{"r": "<resource>"}', event))).toEqual({ r: "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111" });
  });

  it("inserts arrays and objects as JSON", () => {
    const output = transformInput({ tags: "$.tags" }, '{"t": <tags>}', { tags: ["a", "b"] });
    expect(JSON.parse(output)).toEqual({ t: ["a", "b"] });
  });

  it("does not escape what it inserts inside quotes: an array there breaks the JSON", () => {
    expect(transformInput({ tags: "$.tags" }, '{"t": "<tags>"}', { tags: ["a"] })).toBe('{"t": "["a"]"}');
  });

  it("renders a missing path as nothing under the first reading, which breaks an unquoted JSON value", () => {
    const output = transformInput({ high: "$.detail.HIGH" }, '{"quoted": "<high>", "bare": <high>}', { detail: {} }, "nothing");
    expect(output).toBe('{"quoted": "", "bare": }');
  });

  it("renders a missing path as an empty string under the second reading", () => {
    const output = transformInput({ high: "$.detail.HIGH" }, '{"quoted": "<high>", "bare": <high>}', { detail: {} }, "empty-string");
    expect(JSON.parse(output)).toEqual({ quoted: "", bare: "" });
  });

  it("treats an index past the end of an array as a missing path", () => {
    expect(transformInput({ second: "$.resources[1]" }, '{"s": "<second>"}', event)).toBe('{"s": ""}');
  });

  it("rejects a placeholder with no InputPathsMap entry", () => {
    expect(() => transformInput(paths, '{"x": <typo>}', event)).toThrow(/<typo>/);
  });

  it("rejects a path syntax it does not model", () => {
    expect(() => transformInput({ all: "$..state" }, '{"x": <all>}', event)).toThrow(/unsupported JSON path/);
  });
});
