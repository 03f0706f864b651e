import { App, Testing } from "cdktf";
import { guardrailFindings } from "../../guardrails/enforce";
import { RegistryStack } from "../../stacks/registry-stack";
import { environment } from "../support/config";
import { decide } from "../support/iam";
import { resourcesOf, resourceUnder, type TerraformJson } from "../support/synth";

const REPOSITORIES = 500;
const ACCOUNT = "222222222222";
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-api-prod-github-deploy`;
const arnOf = (name: string) => `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/${name}`;

/** prod with 500 repositories, `demo-api` and `demo-api-002`..`demo-api-500`, watched by their shared prefix: built once. */
const env = environment("prod", (c) => {
  const [first] = c.environments.prod.repositories;
  c.environments.prod.repositories = Array.from({ length: REPOSITORIES }, (_, i) => ({ ...structuredClone(first), name: i === 0 ? "demo-api" : `demo-api-${String(i + 1).padStart(3, "0")}` }));
  c.environments.prod.alerting.repositoryPrefix = "demo-api";
});
const app = Testing.app() as App;
const stack = new RegistryStack(app, env);
const findings = guardrailFindings(app);
const tf: TerraformJson = JSON.parse(Testing.synth(stack));

const texts = (type: string, read: (attributes: TerraformJson) => string[]) => resourcesOf(tf, type).flatMap(([, attributes]) => read(attributes));
const longest = (values: string[]) => Math.max(...values.map((v) => v.length));
const nonWhitespace = (text: string) => text.replace(/\s/g, "").length;

describe(`prod with ${REPOSITORIES} repositories`, () => {
  it("passes every guardrail, DAR-LIMIT-1 included", () => {
    expect(findings.filter((f) => f.level === "error")).toEqual([]);
  });

  // The limits as AWS and Datadog document them (constructs/service-limits.ts names the sources).
  it.each([
    ["EventBridge event patterns", () => longest(texts("aws_cloudwatch_event_rule", (r) => (r.event_pattern ? [r.event_pattern] : []))), 2048],
    ["EventBridge input templates", () => longest(texts("aws_cloudwatch_event_target", (t) => [t.input_transformer.input_template])), 8192],
    ["IAM role trust policies", () => longest(texts("aws_iam_role", (r) => [r.assume_role_policy])), 2048],
    ["the deploy role's inline policy (white space not counted)", () => nonWhitespace(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy), 10240],
    ["ECR repository policies", () => longest(texts("aws_ecr_repository_policy", (p) => [p.policy])), 10240],
    ["ECR lifecycle policies", () => longest(texts("aws_ecr_lifecycle_policy", (p) => [p.policy])), 30720],
    ["Datadog monitor messages", () => longest(texts("datadog_monitor", (m) => [m.message])), 4000],
  ])("keeps %s within the limit", (_, size, limit) => {
    expect(size()).toBeLessThanOrEqual(limit as number);
  });

  it("has as many alert rules and Datadog monitors as with one repository", () => {
    expect(resourcesOf(tf, "aws_cloudwatch_event_rule")).toHaveLength(6);
    expect(resourcesOf(tf, "datadog_monitor")).toHaveLength(3);
  });

  it("lets the deploy role push to the last repository, whose policy grants it", async () => {
    const [, policy] = resourcesOf(tf, "aws_ecr_repository_policy").find(([id]) => id.startsWith("repository-demo-api-500_"))!;
    const identity = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
    expect(await decide({ principal: DEPLOY_ROLE, action: "ecr:PutImage", resource: arnOf("demo-api-500") }, { identity: [identity], resource: JSON.parse(policy.policy) })).toBe("Allowed");
  });

  it("does not let the deploy role push to a repository of the account outside the config", async () => {
    const identity = JSON.parse(resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy);
    expect(await decide({ principal: DEPLOY_ROLE, action: "ecr:PutImage", resource: arnOf("billing-api") }, { identity: [identity] })).toBe("ImplicitlyDenied");
  });
});
