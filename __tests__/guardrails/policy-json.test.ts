import { listOf, statementName, statementsOf } from "../../guardrails/policy-json";

// How the rules read a policy: a wrong reading would let a policy pass unchecked.

describe("statementsOf", () => {
  it("reads a list of statements", () => {
    expect(statementsOf('{"Statement":[{"Effect":"Allow"},{"Effect":"Deny"}]}')).toEqual([{ Effect: "Allow" }, { Effect: "Deny" }]);
  });

  it("reads a single statement object as a list of one (IAM accepts both)", () => {
    expect(statementsOf('{"Statement":{"Effect":"Allow","Action":"*"}}')).toEqual([{ Effect: "Allow", Action: "*" }]);
  });

  it.each([
    ["no policy", undefined],
    ["a Terraform expression", '${file("policy.json")}'],
    ["no Statement", '{"Version":"2012-10-17"}'],
    ["a null Statement", '{"Statement":null}'],
    ["a string Statement", '{"Statement":"Allow"}'],
  ])("cannot read %s, so the rule reports it instead of passing it", (_, json) => {
    expect(statementsOf(json)).toBeUndefined();
  });
});

describe("listOf", () => {
  it("reads IAM's string-or-list, dropping what is not a string", () => {
    expect([listOf("a"), listOf(["a", 1, "b", null]), listOf(undefined), listOf({ a: 1 })]).toEqual([["a"], ["a", "b"], [], []]);
  });
});

it("names a statement by its Sid, else by its position", () => {
  expect([statementName({ Sid: "Pull" }, 3), statementName({}, 3)]).toEqual(['statement "Pull"', "statement 3"]);
});
