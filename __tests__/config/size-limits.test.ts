import { configErrorFor, environment } from "../support/config";
import { onlyResource, resourceUnder, resourcesOf, synthStack, type TerraformJson } from "../support/synth";

type Json = Record<string, any>;
type Edit = (config: Json) => void;

/**
 * Each config-driven document at its service's limit, and one character over. The sizes are measured on the
 * synthesized stack (never computed by the code under test): a padding `n` adds one character per unit, so the
 * padding that meets the limit is found from one measured size, then the stack at the limit is measured again.
 */
function boundary(measure: (tf: TerraformJson) => number, limit: number, env: string, edit: (n: number) => Edit, base = 1): { atLimit: Edit; over: Edit; measured: number } {
  const size = (n: number) => measure(synthStack(environment(env, edit(n))));
  const n = base + (limit - size(base));
  return { atLimit: edit(n), over: edit(n + 1), measured: size(n) };
}

const ROLE = "arn:aws:iam::111111111111:role/";
const pad = (n: number) => "x".repeat(n);

describe("the deploy role's trust policy (IAM: 2,048 characters)", () => {
  const subject: (n: number) => Edit = (n) => (c) => (c.environments.poc.github.subjects = [`repo:example-org/demo-api:ref:refs/heads/${pad(n)}`]);
  const { atLimit, over, measured } = boundary((tf) => resourceUnder(tf, "aws_iam_role", "github-deploy-role").assume_role_policy.length, 2048, "poc", subject);

  it("is accepted at exactly 2,048 characters", () => {
    expect(measured).toBe(2048);
    expect(() => environment("poc", atLimit)).not.toThrow();
  });

  it("is refused at 2,049, naming github.subjects and the limit", () => {
    expect(configErrorFor(over)).toContain(
      'poc.github.subjects: expected an IAM role trust policy of at most 2,048 characters (IAM quota "Role trust policy length" (default; adjustable to 4,096), IAM user guide, "IAM and AWS STS quotas"), got 2,049 for the deploy role\'s trust policy of 1 subject. Trust fewer subjects',
    );
  });
});

describe("the deploy role's inline policies (IAM: 10,240 characters, whitespace not counted)", () => {
  const roles = (n: number) => [...Array.from({ length: 18 }, (_, i) => `${ROLE}pass-${i}-${pad(460)}`), `${ROLE}padded-${pad(n)}`];
  const passRoles: (n: number) => Edit = (n) => (c) => (c.environments.poc.github.ecsDeploy = { cluster: "main", service: "demo-api", passRoleArns: roles(n) });
  const nonWhitespace = (tf: TerraformJson) => resourceUnder(tf, "aws_iam_role_policy", "github-deploy-role").policy.replace(/\s/g, "").length;
  const { atLimit, over, measured } = boundary(nonWhitespace, 10240, "poc", passRoles, 100);

  it("are accepted at exactly 10,240 characters", () => {
    expect(measured).toBe(10240);
    expect(() => environment("poc", atLimit)).not.toThrow();
  });

  it("are refused at 10,241, naming github.ecsDeploy.passRoleArns and the limit", () => {
    expect(configErrorFor(over)).toContain(
      "poc.github.ecsDeploy.passRoleArns: expected the inline policies of an IAM role together of at most 10,240 characters, whitespace not counted (IAM user guide, \"IAM and AWS STS quotas\": role policy size (the sum of its inline policies); IAM does not count white space), got 10,241 for the deploy role's inline policy, which lists 19 roles to pass. Pass fewer roles",
    );
  });
});

describe("a repository policy (ECR: 10,240 characters)", () => {
  const pullers: (n: number) => Edit = (n) => (c) =>
    (c.environments.poc.repositories[0].pullPrincipalArns = [...Array.from({ length: 19 }, (_, i) => `${ROLE}pull-${i}-${pad(450)}`), `${ROLE}padded-${pad(n)}`]);
  const { atLimit, over, measured } = boundary((tf) => onlyResource(tf, "aws_ecr_repository_policy").policy.length, 10240, "poc", pullers, 100);

  it("is accepted at exactly 10,240 characters", () => {
    expect(measured).toBe(10240);
    expect(() => environment("poc", atLimit)).not.toThrow();
  });

  it("is refused at 10,241, naming the repository's pullPrincipalArns and the limit", () => {
    expect(configErrorFor(over)).toContain(
      'poc.repositories[0].pullPrincipalArns: expected an ECR repository policy of at most 10,240 characters (ECR API reference, SetRepositoryPolicy.policyText (maximum length 10240)), got 10,241 for the repository policy of "demo-api", which names 20 pull principals. List fewer pull principals',
    );
  });
});

describe("a lifecycle policy (ECR: 30,720 characters)", () => {
  const description: (n: number) => Edit = (n) => (c) => (c.environments.prod.repositories[0].lifecycleRules[1].description = pad(n));
  const { atLimit, over, measured } = boundary((tf) => onlyResource(tf, "aws_ecr_lifecycle_policy").policy.length, 30720, "prod", description);

  it("is accepted at exactly 30,720 characters", () => {
    expect(measured).toBe(30720);
    expect(() => environment("prod", atLimit)).not.toThrow();
  });

  it("is refused at 30,721, naming lifecycleRules and the limit", () => {
    expect(configErrorFor(over)).toContain(
      'prod.repositories[0].lifecycleRules: expected a lifecycle policy of at most 30,720 characters (ECR quota "Lifecycle policy length" (not adjustable); PutLifecyclePolicy.lifecyclePolicyText), got 30,721. Merge or shorten rules.',
    );
  });
});

describe("the rules of a lifecycle policy (ECR: 50)", () => {
  const rules = (count: number): Edit => (c) => {
    const repo = c.environments.poc.repositories[0];
    const tagged = Array.from({ length: count - 2 }, (_, i) => ({ rulePriority: i + 2, tagStatus: "tagged", tagPrefixList: [`t${i}-`], countType: "imageCountMoreThan", countNumber: 5 }));
    repo.lifecycleRules = [repo.lifecycleRules[0], ...tagged, { ...repo.lifecycleRules[1], rulePriority: count + 1 }];
  };

  it("are accepted at 50", () => {
    expect(environment("poc", rules(50)).repositories[0].lifecycleRules).toHaveLength(50);
  });

  it("are refused at 51, counting the protection rules too", () => {
    expect(configErrorFor(rules(51))).toContain(
      'poc.repositories[0].lifecycleRules: expected at most 50 rules in a lifecycle policy (ECR quota "Rules per lifecycle policy" (not adjustable), ECR user guide, "Amazon ECR service quotas"), got 51 (0 from protectedTagPatterns, 51 in lifecycleRules). Merge rules',
    );
  });
});

describe("the alert rules' event patterns (EventBridge: 2,048 characters)", () => {
  /** Four repositories of 180 characters, the last padded: each character is in the pattern twice (name and ARN). */
  const repositories = (padding: number, threshold: number): Edit => (c) => {
    const [first] = c.environments.poc.repositories;
    const names = [1, 2, 3, 4].map((i) => `r${i}-${pad(i === 4 ? 177 + padding : 177)}`);
    c.environments.poc.repositories = names.map((name) => ({ ...structuredClone(first), name }));
    c.environments.poc.datadog.criticalThreshold = threshold;
  };
  const largest = (tf: TerraformJson) => Math.max(...resourcesOf(tf, "aws_cloudwatch_event_rule").map(([, rule]) => rule.event_pattern?.length ?? 0));
  const base = largest(synthStack(environment("poc", repositories(0, 1))));
  const padding = Math.floor((2048 - base) / 2);
  // An odd remainder: a two-digit threshold adds the last character to the largest patterns.
  const threshold = (2048 - base) % 2 === 0 ? 1 : 10;

  it("are accepted at exactly 2,048 characters", () => {
    expect(largest(synthStack(environment("poc", repositories(padding, threshold))))).toBe(2048);
  });

  it("are refused beyond, suggesting alerting.repositoryPrefix and the prefix the names share", () => {
    expect(configErrorFor(repositories(padding + 1, threshold))).toMatch(
      /poc\.repositories: expected an EventBridge event pattern of at most 2,048 characters \(EventBridge quota "Event pattern size" \(default; adjustable\), EventBridge user guide, "Amazon EventBridge quotas"\), got 2,05\d for the alert rule "scan-critical(-untagged)?", which lists 4 repositories by name and ARN\. Set alerting\.repositoryPrefix to a prefix every repository name starts with \("r" fits these names\)/,
    );
  });

  it("are accepted by prefix whatever the number of repositories", () => {
    const edit: Edit = (c) => {
      repositories(padding + 1, threshold)(c);
      c.environments.poc.alerting.repositoryPrefix = "r";
    };
    expect(largest(synthStack(environment("poc", edit)))).toBeLessThan(600);
  });
});

describe("lifecycle numbers (ECR: 32-bit integers)", () => {
  const countNumber = (n: number): Edit => (c) => (c.environments.prod.repositories[0].lifecycleRules[1].countNumber = n);

  it("accepts a countNumber of 2,147,483,647", () => {
    expect(environment("prod", countNumber(2 ** 31 - 1)).repositories[0].lifecycleRules[1].countNumber).toBe(2147483647);
  });

  it("refuses a countNumber of 2^31", () => {
    expect(configErrorFor(countNumber(2 ** 31))).toContain(
      "prod.repositories[0].lifecycleRules[1].countNumber: expected at most 2147483647 (ECR reads lifecycle numbers as 32-bit integers), got 2147483648. Use a smaller count or number of days.",
    );
  });

  it("refuses a rulePriority of 2^31", () => {
    expect(configErrorFor((c) => (c.environments.prod.repositories[0].lifecycleRules[2].rulePriority = 2 ** 31))).toContain(
      "prod.repositories[0].lifecycleRules[2].rulePriority: expected at most 2147483647 (ECR reads lifecycle numbers as 32-bit integers), got 2147483648. Use a smaller priority.",
    );
  });
});

describe("a Datadog monitor message (4,000 characters: Datadog's event text)", () => {
  const channel: (n: number) => Edit = (n) => (c) => (c.environments.poc.datadog.routing = { type: "slack", channel: `alerts-${pad(n)}` });
  const longestMessage = (tf: TerraformJson) => Math.max(...resourcesOf(tf, "datadog_monitor").map(([, m]) => m.message.length));
  const { atLimit, over, measured } = boundary(longestMessage, 4000, "poc", channel, 100);

  it("is accepted at exactly 4,000 characters", () => {
    expect(measured).toBe(4000);
    expect(() => environment("poc", atLimit)).not.toThrow();
  });

  it("is refused at 4,001, naming the handle's field", () => {
    expect(configErrorFor(over)).toContain(
      "poc.datadog.routing: expected a Datadog monitor message of at most 4,000 characters (Datadog documents no maximum for a monitor's message; a notification is an event, and Datadog's Events API limits an event's text to 4,000 characters (only the first 4,000 are shown)), got 4,001 for a monitor message, which carries this handle and the service name. Shorten the handle",
    );
  });
});

describe("an EventBridge input template (8,192 characters)", () => {
  const team: (n: number) => Edit = (n) => (c) => (c.environments.poc.datadog.team = `team-${pad(n)}`);
  const longestTemplate = (tf: TerraformJson) => Math.max(...resourcesOf(tf, "aws_cloudwatch_event_target").map(([, t]) => t.input_transformer.input_template.length));
  const { atLimit, over, measured } = boundary(longestTemplate, 8192, "poc", team, 100);

  it("is accepted at exactly 8,192 characters", () => {
    expect(measured).toBe(8192);
    expect(() => environment("poc", atLimit)).not.toThrow();
  });

  it("is refused at 8,193, naming datadog.team", () => {
    expect(configErrorFor(over)).toContain(
      "poc.datadog.team: expected an EventBridge input template of at most 8,192 characters (EventBridge API reference, InputTransformer.InputTemplate (maximum length 8192)), got 8,193 for the log the alert rules send, which carries the team and the service name. Shorten datadog.team or the service name.",
    );
  });
});
