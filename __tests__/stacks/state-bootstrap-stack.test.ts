import { App, Testing } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../config/schema";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";
import { configErrorFor, environment } from "../support/config";
import { onlyResource, resourcesOf, type TerraformJson } from "../support/synth";

const KMS_KEY = "arn:aws:kms:ap-northeast-1:222222222222:key/0b6c2e8e-2f4a-4a49-9a3e-5a1f7c6d8e90";

function synthBootstrap(env: EnvironmentConfig): TerraformJson {
  return JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app() as App, env, { stateDirectory: "/ops/bootstrap" })));
}

describe.each([
  { env: "poc", account: "111111111111" },
  { env: "prod", account: "222222222222" },
])("state bootstrap of $env (example fixture)", ({ env, account }) => {
  const config = environment(env);
  const tf = synthBootstrap(config);
  const bucket = onlyResource(tf, "aws_s3_bucket");

  it("creates the bucket the registry stack's S3 backend names", () => {
    expect(config.stateBackend.type).toBe("s3");
    expect(bucket.bucket).toBe(config.stateBackend.type === "s3" && config.stateBackend.bucket);
  });

  it("can only be applied to the environment's own account, in the backend's region", () => {
    expect(tf.provider.aws[0]).toMatchObject({ allowed_account_ids: [account], region: "ap-northeast-1" });
  });

  it("keeps its own state in a local file under the bootstrap directory", () => {
    expect(tf.terraform.backend).toEqual({ local: { path: `/ops/bootstrap/terraform.state-bootstrap-${env}.tfstate` } });
  });

  it("never lets Terraform destroy the bucket or empty it", () => {
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    expect(bucket.force_destroy).toBe(false);
  });

  it("versions every state write", () => {
    expect(onlyResource(tf, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  it("encrypts state with S3-managed keys when no KMS key is configured", () => {
    expect(onlyResource(tf, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
  });

  it("blocks every form of public access", () => {
    expect(onlyResource(tf, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("disables ACLs, so only policies grant access", () => {
    expect(onlyResource(tf, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("deletes replaced state versions after the configured 90 days, and nothing current", () => {
    const [rule] = onlyResource(tf, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.status).toBe("Enabled");
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rule.expiration).toEqual([{ expired_object_delete_marker: true }]);
  });

  describe("bucket policy", () => {
    const policy = JSON.parse(onlyResource(tf, "aws_s3_bucket_policy").policy);
    const denials = policy.Statement.filter((s: { Effect: string; Principal: string; Action: string }) => s.Effect === "Deny" && s.Principal === "*" && s.Action === "s3:*");

    it("denies every request made without TLS, on the bucket and on every object", () => {
      const insecure = denials.find((s: { Condition: object }) => JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}');
      const [[bucketId]] = resourcesOf(tf, "aws_s3_bucket");
      expect(insecure.Resource).toEqual([`\${aws_s3_bucket.${bucketId}.arn}`, `\${aws_s3_bucket.${bucketId}.arn}/*`]);
    });

    it("denies TLS versions older than 1.2", () => {
      expect(denials.map((s: { Condition: object }) => s.Condition)).toContainEqual({ NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });

    it("grants nothing", () => {
      expect(policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow")).toEqual([]);
    });
  });
});

describe("state bootstrap options", () => {
  it("encrypts with the backend's KMS key, with an S3 Bucket Key, when one is configured", () => {
    const env = environment("prod", (c) => {
      c.environments.prod.stateBackend.kmsKeyArn = KMS_KEY;
    });
    expect(onlyResource(synthBootstrap(env), "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KMS_KEY }, bucket_key_enabled: true },
    ]);
  });

  it("keeps replaced versions for the configured number of days", () => {
    const env = environment("poc", (c) => {
      c.environments.poc.stateBackend.noncurrentVersionExpirationDays = 30;
    });
    const [rule] = onlyResource(synthBootstrap(env), "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  it("refuses an environment whose state lives in HCP Terraform", () => {
    const env = environment("poc", (c) => {
      c.environments.poc.stateBackend = { type: "hcp", organization: "example-org", workspace: "demo-api-poc" };
    });
    expect(() => synthBootstrap(env)).toThrow('state-bootstrap-poc: environment "poc" keeps its state in HCP Terraform; there is no bucket to bootstrap.');
  });

  it("rejects a noncurrent version expiry that is not a positive number of days", () => {
    expect(configErrorFor((c) => (c.environments.poc.stateBackend.noncurrentVersionExpirationDays = 0))).toContain(
      "poc.stateBackend.noncurrentVersionExpirationDays: expected a positive integer, got 0",
    );
  });
});

/** The stack names a cdktf app entry point synthesizes, read from its manifest. */
function stacksOf(entryPoint: string): string[] {
  const outdir = mkdtempSync(path.join(tmpdir(), "cdktf-app-"));
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => require(entryPoint));
  } finally {
    delete process.env.CDKTF_OUTDIR;
  }
  return Object.keys(JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks).sort();
}

describe("separation of the bootstrap from the registry app", () => {
  it("the main app (cdktf.json) deploys only the registry stacks", () => {
    expect(stacksOf("../../main")).toEqual(["poc", "prod"]);
  });

  it("the bootstrap app (bootstrap/cdktf.json) deploys only the state buckets", () => {
    expect(stacksOf("../../bootstrap/main")).toEqual(["state-bootstrap-poc", "state-bootstrap-prod"]);
  });

  it("each app's cdktf.json runs its own entry point", () => {
    const appOf = (file: string) => JSON.parse(readFileSync(path.join(__dirname, "..", "..", file), "utf8")).app;
    expect(appOf("cdktf.json")).toBe("node scripts/run-app.js main.ts");
    expect(appOf("bootstrap/cdktf.json")).toBe("node ../scripts/run-app.js bootstrap/main.ts");
  });
});
