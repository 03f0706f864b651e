import { readFileSync } from "node:fs";
import * as path from "node:path";
import { GUARDRAIL_RULES } from "../../guardrails/pack";
import { levelOf } from "../../guardrails/rule";

/** docs/guardrails.md's rule table is the reference a reader fixes findings with: one row per rule of the pack, at its level. */
const rows = new Map(
  readFileSync(path.join(__dirname, "..", "..", "docs", "guardrails.md"), "utf8")
    .split("\n")
    .filter((line) => /^\| DAR-[A-Z]+-\d+ \|/.test(line))
    .map((line) => {
      const [, id, level] = line.split("|").map((cell) => cell.trim());
      return [id, level] as const;
    }),
);

describe("docs/guardrails.md", () => {
  it("has a row for every rule of the pack and for no other", () => {
    expect([...rows.keys()].sort()).toEqual(GUARDRAIL_RULES.map((rule) => rule.id).sort());
  });

  it.each(GUARDRAIL_RULES.map((rule) => [rule.id, rule] as const))("gives %s the level the rule has", (_id, rule) => {
    const context = (production: boolean) => ({ environment: "x", production, awsAccountId: "123456789012", github: { owner: "o", repository: "r" } });
    const [inProduction, elsewhere] = [levelOf(rule, context(true)), levelOf(rule, context(false))];
    const expected = inProduction === elsewhere ? inProduction : `${inProduction} in production, ${elsewhere} elsewhere`;
    expect(rows.get(rule.id)).toBe(expected);
  });
});
