import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ConfigError, loadConfig } from "../../config/load-config";
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
    expect(configErrorFor((c) => delete c.environments.prod.awsAccountId)).toContain("prod.awsAccountId: is required");
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
    ).toContain("prod.repositories[0].lifecycleRules[1].rulePriority: rulePriority 2 is already used by rule 0");
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

  it("rejects an environment name that cannot be a stack id", () => {
    expect(configErrorFor((c) => (c.environments["Prod!"] = c.environments.prod))).toContain(
      "Prod!: is not a valid name: expected lowercase letters",
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
    expect(() => loadConfig("/nonexistent/environments.json")).toThrow(/\/nonexistent\/environments.json[\s\S]*cannot read the file/);
  });
});

describe("the app with an invalid config", () => {
  it("exits non-zero with the message and writes nothing", () => {
    // GIVEN a config with a bad account id
    const config = exampleConfigJson();
    config.environments.prod.awsAccountId = "12345";
    const file = writeTemp("bad.json", JSON.stringify(config));
    const outdir = path.join(path.dirname(file), "out");
    // WHEN the cdktf app command runs on it
    let stderr = "";
    let status = 0;
    try {
      execFileSync("node", ["scripts/run-app.js", "main.ts"], {
        cwd: ROOT, env: { ...process.env, REGISTRY_CONFIG: file, CDKTF_OUTDIR: outdir }, stdio: "pipe",
      });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    // THEN it fails, says why, and leaves no output behind
    expect(status).toBe(1);
    expect(String(stderr)).toContain('prod.awsAccountId: expected 12 digits, got "12345"');
    expect(existsSync(outdir)).toBe(false);
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
