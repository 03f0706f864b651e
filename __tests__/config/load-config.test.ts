import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ConfigError, configFilePath, loadConfig } from "../../config/load-config";
import { exampleConfigJson, configErrorFor, environmentsWith } from "../support/config";

const ROOT = path.join(__dirname, "..", "..");

function writeTemp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "registry-config-")), name);
  writeFileSync(file, text);
  return file;
}

describe("the example fixture", () => {
  it("defines exactly the poc and prod environments", () => {
    expect(environmentsWith().map((env) => env.name)).toEqual(["poc", "prod"]);
  });

  it("defaults the region to ap-northeast-1", () => {
    const envs = environmentsWith((c) => delete c.environments.poc.region);
    expect(envs[0].region).toBe("ap-northeast-1");
  });
});

describe("config errors name the environment, the field and what was expected", () => {
  it("rejects an account id that is not 12 digits", () => {
    expect(configErrorFor((c) => (c.environments.prod.awsAccountId = "12345"))).toContain(
      'prod.awsAccountId: expected 12 digits, got "12345"',
    );
  });

  it("rejects unknown keys, so a typo is never silently ignored", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories[0].tagMutabilty = "MUTABLE"))).toContain(
      'poc.repositories[0]: unknown key "tagMutabilty"',
    );
  });

  it("rejects a missing required field", () => {
    expect(configErrorFor((c) => delete c.environments.prod.awsAccountId)).toContain("prod.awsAccountId: expected a string, got nothing. Add the field");
  });

  it("rejects a repository name ECR would reject", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories[0].name = "Demo_API"))).toContain(
      'poc.repositories[0].name: expected lowercase segments',
    );
  });

  it("rejects a repository name shorter than two characters", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories[0].name = "a"))).toContain(
      "poc.repositories[0].name: expected 2-256 characters",
    );
  });

  it("rejects the same repository twice in one environment", () => {
    const message = configErrorFor((c) => c.environments.poc.repositories.push(c.environments.poc.repositories[0]));
    expect(message).toContain('poc.repositories[1].name: "demo-api" is already defined by repositories[0]');
  });

  it("rejects a tag mutability ECR does not know", () => {
    expect(configErrorFor((c) => (c.environments.prod.repositories[0].tagMutability = "immutable"))).toContain(
      'prod.repositories[0].tagMutability: expected one of "MUTABLE", "IMMUTABLE", got "immutable"',
    );
  });

  it("rejects a region that is not an AWS region name", () => {
    expect(configErrorFor((c) => (c.environments.prod.region = "tokyo"))).toContain(
      'prod.region: expected an AWS region such as "ap-northeast-1", got "tokyo"',
    );
  });

  it("rejects an ARN of the wrong service where a role is expected", () => {
    expect(configErrorFor((c) => (c.environments.prod.assumeRoleArn = "arn:aws:s3:::deploy"))).toContain(
      "prod.assumeRoleArn: expected an IAM role ARN",
    );
  });

  it("rejects a pull principal that is not a role ARN", () => {
    expect(
      configErrorFor((c) => (c.environments.prod.repositories[0].pullPrincipalArns = ["arn:aws:iam::222222222222:user/alice"])),
    ).toContain("prod.repositories[0].pullPrincipalArns[0]: expected an IAM role ARN");
  });

  it("rejects a KMS encryption key that is not a KMS key ARN", () => {
    const message = configErrorFor(
      (c) => (c.environments.prod.repositories[0].encryption = { type: "KMS", kmsKeyArn: "alias/ecr" }),
    );
    expect(message).toContain("prod.repositories[0].encryption.kmsKeyArn: expected a KMS key ARN");
  });

  it("rejects a count that is not a positive integer", () => {
    expect(
      configErrorFor((c) => (c.environments.prod.repositories[0].lifecycleRules[1].countNumber = 0)),
    ).toContain("prod.repositories[0].lifecycleRules[1].countNumber: expected a positive integer, got 0");
  });

  it("rejects lifecycle rules that break an ECR constraint, at the rule's place", () => {
    expect(
      configErrorFor((c) => (c.environments.prod.repositories[0].lifecycleRules[1].rulePriority = 2)),
    ).toContain("prod.repositories[0].lifecycleRules[1].rulePriority: rulePriority 2 is already used by lifecycleRules[0]");
  });

  it("rejects a repository without lifecycle rules", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories[0].lifecycleRules = []))).toContain(
      "poc.repositories[0].lifecycleRules: expected at least one rule",
    );
  });

  it("rejects exclusive pull with nobody allowed to pull", () => {
    expect(configErrorFor((c) => (c.environments.prod.repositories[0].pullPrincipalArns = []))).toContain(
      "prod.repositories[0].exclusivePull: exclusive pull with no pullPrincipalArns would deny every pull",
    );
  });

  it("rejects an unknown state backend type", () => {
    expect(configErrorFor((c) => (c.environments.poc.stateBackend.type = "gcs"))).toContain(
      "poc.stateBackend.type:",
    );
  });

  it("rejects an environment without repositories", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories = []))).toContain(
      "poc.repositories: expected at least one repository",
    );
  });

  it("rejects an environment name that cannot be a stack id, naming the key as what was found", () => {
    expect(configErrorFor((c) => (c.environments["Prod!"] = c.environments.prod))).toContain(
      'environments: expected an environment name of lowercase letters, digits and \'-\', starting with a letter, at most 20 characters (it becomes the stack id), got "Prod!". Rename it.',
    );
  });

  it("reports every problem at once, one per line", () => {
    const message = configErrorFor((c) => {
      c.environments.poc.awsAccountId = "1";
      c.environments.prod.region = "mars";
    });
    expect(message.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(2);
  });
});

describe("messages in one style: field path, what was expected, what was found", () => {
  it("names the allowed values of a union's discriminator and the value found, not zod's text", () => {
    const message = configErrorFor((c) => (c.environments.prod.repositories[0].encryption = { type: "aes" }));
    expect(message).toContain('prod.repositories[0].encryption.type: expected one of "AES256", "KMS", got "aes"');
    expect(message).not.toContain("discriminator");
  });

  it("says what a missing field should be and that it is missing", () => {
    expect(configErrorFor((c) => delete c.environments.poc.stateBackend)).toContain(
      "poc.stateBackend: expected an object, got nothing. Add the field",
    );
  });

  it("names JSON types in words", () => {
    expect(configErrorFor((c) => (c.environments.poc.production = "false"))).toContain('poc.production: expected true or false, got "false"');
  });

  it("rejects a fractional count with the field's own expectation, not zod's `expected int`", () => {
    const message = configErrorFor((c) => (c.environments.prod.repositories[0].lifecycleRules[1].countNumber = 1.5));
    expect(message).toContain("prod.repositories[0].lifecycleRules[1].countNumber: expected a positive integer, got 1.5");
    expect(message).not.toContain("expected int");
  });

  it.each(["countNumber", "rulePriority"])("reports a %s of 0 once, although two checks see it", (field) => {
    const message = configErrorFor((c) => (c.environments.prod.repositories[0].lifecycleRules[1][field] = 0));
    expect(message.split("\n").filter((line) => line.includes(`lifecycleRules[1].${field}:`))).toEqual([
      `  - prod.repositories[0].lifecycleRules[1].${field}: expected a positive integer, got 0`,
    ]);
  });

  it("names other lifecycle rules by their field path, not by a 0-based rule number", () => {
    const message = configErrorFor((c) => c.environments.prod.repositories[0].lifecycleRules.push({ ...c.environments.prod.repositories[0].lifecycleRules[0], rulePriority: 10 }));
    expect(message).toContain("prod.repositories[0].lifecycleRules[3].tagStatus: lifecycleRules[0] already selects untagged standard images");
  });

  it("puts what was found before the advice of a message that has one", () => {
    expect(configErrorFor((c) => (c.environments.poc.github.subjects = []))).toContain(
      "poc.github.subjects: expected at least one subject, got []. Remove the field to trust the default",
    );
  });

  it("suggests checking the spelling of an unknown key", () => {
    expect(configErrorFor((c) => (c.environments.poc.repositories[0].tagMutabilty = "MUTABLE"))).toContain(
      'poc.repositories[0]: unknown key "tagMutabilty": not a config field. Check the spelling against README\'s field reference.',
    );
  });

  it("rejects a sourceRepository AWS would refuse as a tag value", () => {
    expect(configErrorFor((c) => (c.sourceRepository = "a\tb"))).toContain(
      'sourceRepository: expected the repository that holds this IaC code, e.g. "github.com/example-org/demo-api-registry": 1-256 letters, digits, spaces and "_.:/=+-@" (it becomes an AWS tag value), got "a\\tb"',
    );
  });

  it("shows a number too large for JSON as what it became", () => {
    expect(configErrorFor((c) => (c.environments.poc.datadog.criticalThreshold = Infinity))).toContain(
      "poc.datadog.criticalThreshold: expected a number, got Infinity (a number too large for JSON)",
    );
  });
});

describe("loading the config file", () => {
  it("reads the file named by REGISTRY_CONFIG", () => {
    const config = exampleConfigJson();
    delete config.environments.poc;
    const file = writeTemp("only-prod.json", JSON.stringify(config));
    expect(loadConfig(file).map((env) => env.name)).toEqual(["prod"]);
  });

  it("names the file, line and column of invalid JSON", () => {
    const file = writeTemp("broken.json", '{\n  "service": "demo-api",\n  oops\n}');
    expect(() => loadConfig(file)).toThrow(new RegExp(`${file}[\\s\\S]*not valid JSON at line 3, column 3`));
  });

  it("names a file that cannot be read", () => {
    expect(() => loadConfig("/nonexistent/environments.json")).toThrow(ConfigError);
    expect(() => loadConfig("/nonexistent/environments.json")).toThrow(
      "Invalid configuration in /nonexistent/environments.json:\n  - cannot read the file (no such file). Set REGISTRY_CONFIG to an existing file (absolute, or relative to the project root).",
    );
  });

  it("says an empty file is empty", () => {
    expect(() => loadConfig(writeTemp("empty.json", "\n"))).toThrow("- the file is empty; expected a JSON object (see config/environments.json)");
  });

  it("accepts a UTF-8 byte order mark, as some editors write one", () => {
    const file = writeTemp("bom.json", `\uFEFF${JSON.stringify(exampleConfigJson())}`);
    expect(loadConfig(file).map((env) => env.name)).toEqual(["poc", "prod"]);
  });

  it("rejects a key written twice, naming both places, with every other problem", () => {
    // GIVEN a file whose prod environment sets awsAccountId twice, and a bad region
    const text = JSON.stringify(exampleConfigJson(), null, 2)
      .replace('"awsAccountId": "222222222222",', '"awsAccountId": "222222222222",\n      "awsAccountId": "333333333333",')
      .replace('"region": "ap-northeast-1",', '"region": "tokyo",');
    const file = writeTemp("twice.json", text);
    // WHEN it is loaded
    // THEN both places are named, and the bad region too
    expect(() => loadConfig(file)).toThrow(
      /- prod\.awsAccountId: expected once, got twice \(line \d+, column 7 and line \d+, column 7\); JSON would silently keep only the last\. Remove one\.\n {2}- poc\.region: expected an AWS region/,
    );
  });

  it("shows a config file inside the project relative to the project root", () => {
    expect(() => loadConfig(path.join(ROOT, "config", "missing.json"))).toThrow("Invalid configuration in config/missing.json:");
  });
});

describe("REGISTRY_CONFIG", () => {
  it("resolves a relative path against the project root, whatever the working directory", () => {
    expect(configFilePath("__tests__/fixtures/config/example.json")).toBe(path.join(ROOT, "__tests__", "fixtures", "config", "example.json"));
  });

  it("keeps an absolute path", () => {
    expect(configFilePath("/etc/registry.json")).toBe("/etc/registry.json");
  });

  it("defaults to the committed config", () => {
    expect(configFilePath(undefined)).toBe(path.join(ROOT, "config", "environments.json"));
  });
});

describe("scanning", () => {
  it("defaults to basic scanning", () => {
    expect(environmentsWith().map((env) => env.scanning.engine)).toEqual(["basic", "basic"]);
  });

  it("rejects an unknown scan engine, naming the field", () => {
    expect(configErrorFor((c) => (c.environments.prod.scanning = { engine: "clair" }))).toContain(
      'prod.scanning.engine: expected one of "basic", "enhanced", got "clair"',
    );
  });
});
