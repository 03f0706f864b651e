import { App, Testing } from "cdktf";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../config/load-config";
import { guardrailFindings } from "../../guardrails/enforce";
import { RegistryStack } from "../../stacks/registry-stack";
import { resourcesOf, type TerraformJson } from "../support/synth";

/**
 * The team's own config/environments.json: only what must hold for every valid config, so that a team
 * can put its own values there (more repositories, other accounts, regions, keys and channels) and
 * keep CI green. Behaviour is tested on fixtures (`__tests__/fixtures/config/`).
 */
describe("the committed config/environments.json", () => {
  const environments = loadConfig(DEFAULT_CONFIG_PATH);
  const app = Testing.app() as App;
  const stacks = environments.map((env) => new RegistryStack(app, env));
  const findings = guardrailFindings(app);
  const synthesized: [string, TerraformJson][] = stacks.map((stack) => [stack.env.name, JSON.parse(Testing.synth(stack))]);
  const production = new Set(environments.filter((env) => env.production).map((env) => env.name));

  it("loads and defines at least one environment", () => {
    expect(environments.length).toBeGreaterThan(0);
  });

  it("passes every guardrail: no finding of level error", () => {
    expect(findings.filter((f) => f.level === "error")).toEqual([]);
  });

  it.each(synthesized)("%s: every repository scans on push", (_env, tf) => {
    const repositories = resourcesOf(tf, "aws_ecr_repository");
    expect(repositories.length).toBeGreaterThan(0);
    for (const [, repository] of repositories) expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
  });

  it.each(synthesized)("%s: the deploy role trusts only its GitHub repository, with the STS audience", (env, tf) => {
    const { github } = environments.find((e) => e.name === env)!;
    const prefix = github.ownerId === undefined ? `repo:${github.owner}/${github.repository}:` : `repo:${github.owner}@${github.ownerId}/${github.repository}@${github.repositoryId}:`;
    const [, role] = resourcesOf(tf, "aws_iam_role").find(([id]) => id.startsWith("github-deploy-role_"))!;
    const statements = JSON.parse(role.assume_role_policy).Statement;
    for (const statement of statements) {
      const conditions = Object.values(statement.Condition) as Record<string, string | string[]>[];
      const subjects = conditions.flatMap((c) => [c["token.actions.githubusercontent.com:sub"] ?? []].flat());
      expect(subjects.length).toBeGreaterThan(0);
      for (const subject of subjects) expect(subject.startsWith(prefix) && subject.length > prefix.length).toBe(true);
      expect(statement.Condition.StringEquals["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
    }
  });

  it.each(synthesized)("%s: pages on-call if and only if it is production", (env, tf) => {
    const critical = resourcesOf(tf, "datadog_monitor").filter(([id]) => id.includes("critical-findings"));
    expect(critical.length).toBeGreaterThan(0);
    for (const [, monitor] of critical) {
      const pages = /@(oncall|pagerduty)-/.test(monitor.message);
      expect(pages).toBe(production.has(env));
    }
  });

  it.each(synthesized)("%s: no not-scanned warning and no heartbeat warning ever pages", (_env, tf) => {
    const warnings = resourcesOf(tf, "datadog_monitor").filter(([id]) => id.includes("not-scanned") || id.includes("heartbeat"));
    expect(warnings.length).toBeGreaterThan(1);
    for (const [, monitor] of warnings) expect(monitor.message).not.toMatch(/@(oncall|pagerduty)-/);
  });

  it.each(synthesized)("%s: every AWS-side alarm of the alert path notifies someone", (_env, tf) => {
    const alarms = resourcesOf(tf, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) expect(alarm.alarm_actions).toHaveLength(1);
  });

  it("keeps every environment's state in a place of its own", () => {
    const places = synthesized.map(([, tf]) => JSON.stringify(tf.terraform.backend ?? tf.terraform.cloud));
    expect(new Set(places).size).toBe(places.length);
  });
});
