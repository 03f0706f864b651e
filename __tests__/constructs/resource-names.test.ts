import { derivedNames } from "../../constructs/resource-names";
import { configErrorFor, environment } from "../support/config";
import { resourcesOf, synthStack } from "../support/synth";

const withService = (service: string) => (config: any) => (config.service = service);
const lines = (message: string) => message.split("\n").filter((line) => line.startsWith("  - "));

describe("names built from service + environment", () => {
  it("builds a service named like an ECR path (team/demo-api) into valid AWS names", () => {
    // GIVEN the service name the service-name message itself suggests
    const tf = synthStack(environment("poc", withService("team/demo-api")));
    // THEN the deploy role and the DLQ are named without the "/"
    expect(resourcesOf(tf, "aws_iam_role").map(([, role]) => role.name).sort()).toEqual([
      "team-demo-api-poc-github-deploy",
      "team-demo-api-poc-scan-findings-to-datadog",
    ]);
    expect(resourcesOf(tf, "aws_sqs_queue").map(([, queue]) => queue.name)).toEqual(["team-demo-api-poc-scan-findings-dlq"]);
  });

  it("rejects a service that makes an EventBridge rule name longer than AWS allows, naming the fields and the excess", () => {
    const message = configErrorFor(withService("a".repeat(40)));
    expect(message).toContain(
      `  - prod: service + environment make the EventBridge rule name of the finding-critical-untagged rule "${"a".repeat(40)}-prod-finding-critical-untagged" 71 characters; AWS allows at most 64. Shorten service or environment by 7 characters.`,
    );
  });

  it("offers github.roleName as the way out for the deploy role name", () => {
    const message = configErrorFor(withService("b".repeat(46)));
    expect(message).toContain(
      `  - prod: service + environment make the IAM role name of the deploy role "${"b".repeat(46)}-prod-github-deploy" 65 characters; AWS allows at most 64. Shorten service or environment by 1 character, or set github.roleName.`,
    );
  });

  it("does not check the default deploy role name once github.roleName is set", () => {
    const message = configErrorFor((c) => {
      c.service = "b".repeat(46);
      c.environments.prod.github.roleName = "demo-deploy";
    });
    expect(message).not.toContain("prod: service + environment make the IAM role name of the deploy role");
  });

  it("checks the SQS queue name against SQS's own limit of 80", () => {
    const message = configErrorFor(withService("c".repeat(70)));
    expect(lines(message).filter((line) => line.includes("SQS queue name"))).toEqual([
      `  - poc: service + environment make the SQS queue name of the dead-letter queue "${"c".repeat(60)}..." 92 characters; AWS allows at most 80. Shorten service or environment by 12 characters.`,
      `  - prod: service + environment make the SQS queue name of the dead-letter queue "${"c".repeat(60)}..." 93 characters; AWS allows at most 80. Shorten service or environment by 13 characters.`,
    ]);
  });

  it("checks the assume-role session names only where assumeRoleArn is set", () => {
    const message = configErrorFor((c) => {
      c.service = "d".repeat(60);
      c.environments.prod.assumeRoleArn = "arn:aws:iam::222222222222:role/deployer";
    });
    const sessions = lines(message).filter((line) => line.includes("STS session name"));
    expect(sessions.map((line) => /^ {2}- (\w+): .* of (the [^"]+) "/.exec(line)?.slice(1))).toEqual([
      ["prod", "the provider's assume-role session"],
      ["prod", "the state bootstrap's assume-role session"],
    ]);
  });

  it("reports a too long service once per name, not as a stack trace", () => {
    expect(() => environment("poc", withService("x".repeat(200)))).toThrow("Invalid configuration in (inline config):");
  });
});

describe("the registry of derived names covers what the stack creates", () => {
  // GIVEN an environment that assumes a role (so every derived name is in play)
  const env = environment("prod", (c) => {
    c.environments.prod.assumeRoleArn = "arn:aws:iam::222222222222:role/deployer";
    c.environments.prod.deployPrincipalArns.push("arn:aws:iam::222222222222:role/deployer");
  });
  const tf = synthStack(env);
  const checked = derivedNames(env).map((name) => name.value);

  it.each([
    ["aws_iam_role", "name"],
    ["aws_cloudwatch_event_rule", "name"],
    ["aws_cloudwatch_event_connection", "name"],
    ["aws_cloudwatch_event_api_destination", "name"],
    ["aws_sqs_queue", "name"],
    ["aws_cloudwatch_metric_alarm", "alarm_name"],
  ])("every %s %s the stack writes is checked by the config validation", (type, attribute) => {
    const names = resourcesOf(tf, type).map(([, resource]) => resource[attribute]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !checked.includes(name))).toEqual([]);
  });

  it("checks the name of the alarm topic the stack creates", () => {
    const poc = environment("poc");
    const topics = resourcesOf(synthStack(poc), "aws_sns_topic").map(([, topic]) => topic.name);
    expect(topics).toHaveLength(1);
    expect(derivedNames(poc).map((name) => name.value)).toContain(topics[0]);
  });

  it("checks the provider's assume-role session name", () => {
    expect(checked).toContain(tf.provider.aws[0].assume_role[0].session_name);
  });
});

describe("repository output names", () => {
  it("rejects two repositories whose Terraform outputs would have the same name", () => {
    const message = configErrorFor((c) => {
      const repos = c.environments.poc.repositories;
      repos.push({ ...repos[0], name: "demo.api" }, { ...repos[0], name: "demo_api" });
    });
    expect(message).toContain(
      'poc.repositories[2].name: expected a name whose Terraform outputs differ from every other repository\'s, got "demo_api": it and repositories[1] "demo.api" both give demo_api_repository_url ("/" and "." become "_"). Rename one.',
    );
  });
});

describe("repository outputs in Terraform", () => {
  const outputs = (name: string) => Object.keys(synthStack(environment("poc", (c) => (c.environments.poc.repositories[0].name = name))).output);

  it("name the outputs of team/demo-api team_demo-api_*", () => {
    expect(outputs("team/demo-api")).toEqual(expect.arrayContaining(["team_demo-api_repository_url", "team_demo-api_repository_arn", "team_demo-api_registry_id"]));
  });

  it("start every output name with a letter or underscore, as Terraform requires, also for a repository named 0cache", () => {
    expect(outputs("0cache").filter((name) => !/^[A-Za-z_][\w-]*$/.test(name))).toEqual([]);
  });
});
