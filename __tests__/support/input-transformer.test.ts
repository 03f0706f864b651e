import { transformInput } from "./input-transformer";

// The input transformation examples of the Amazon EventBridge user guide.
const event = { detail: { "instance-id": "i-0123456789", state: "RUNNING" } };
const paths = { instance: "$.detail.instance-id", state: "$.detail.state" };

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

  it("inserts arrays and objects as JSON", () => {
    const output = transformInput({ tags: "$.tags" }, '{"t": <tags>}', { tags: ["a", "b"] });
    expect(JSON.parse(output)).toEqual({ t: ["a", "b"] });
  });

  it("renders nothing for a path the event lacks, which breaks an unquoted JSON value", () => {
    const output = transformInput({ high: "$.detail.HIGH" }, '{"quoted": "<high>", "bare": <high>}', { detail: {} });
    expect(output).toBe('{"quoted": "", "bare": }');
  });

  it("rejects a placeholder with no InputPathsMap entry", () => {
    expect(() => transformInput(paths, '{"x": <typo>}', event)).toThrow(/<typo>/);
  });
});
