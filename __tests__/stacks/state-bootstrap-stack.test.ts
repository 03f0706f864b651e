import { App, Testing } from "cdktf";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../config/schema";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";
import type { PolicyDocument } from "../../constructs/policy-document";
import { configErrorFor, environment } from "../support/config";
import { decide, everything } from "../support/iam";
import { onlyResource, policyWithArns, resourcesOf, synthStack, type TerraformJson } from "../support/synth";
import { STATE_BUCKET_CHANGES } from "../support/guarded-actions";

const KMS_KEY = "arn:aws:kms:ap-northeast-1:222222222222:key/0b6c2e8e-2f4a-4a49-9a3e-5a1f7c6d8e90";

function synthBootstrap(env: EnvironmentConfig): TerraformJson {
  return JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app() as App, env)));
}

/** A policy of `tf` whose Terraform references to the stack's resources are replaced by the ARNs AWS would give them. */
describe.each([
  { env: "poc", account: "111111111111" },
  { env: "prod", account: "222222222222" },
])("state bootstrap of $env (example fixture)", ({ env, account }) => {
  const config = environment(env);
  const tf = synthBootstrap(config);
  const bucket = onlyResource(tf, "aws_s3_bucket");

  it("creates the bucket the registry stack's S3 backend names", () => {
    expect(bucket.bucket).toBe(`example-org-demo-api-tfstate-${env}`);
    expect(synthStack(env).terraform.backend.s3.bucket).toBe(bucket.bucket);
  });

  it("can only be applied to the environment's own account, in the backend's region", () => {
    expect(tf.provider.aws[0]).toMatchObject({ allowed_account_ids: [account], region: "ap-northeast-1" });
  });

  it("requires Terraform 1.11 or later", () => {
    expect(tf.terraform.required_version).toBe(">= 1.11");
  });

  it("keeps its own state in bootstrap/terraform.<stack>.tfstate, whichever checkout synthesizes it", () => {
    // GIVEN cdktf runs Terraform in bootstrap/cdktf.out/stacks/<stack>/
    const workingDirectory = path.join("/any/checkout/bootstrap/cdktf.out/stacks", `state-bootstrap-${env}`);
    // WHEN Terraform resolves the local backend's path
    const stateFile = path.resolve(workingDirectory, tf.terraform.backend.local.path);
    // THEN the file is beside bootstrap/cdktf.json, and the path is not the synthesizing machine's
    expect(stateFile).toBe(`/any/checkout/bootstrap/terraform.state-bootstrap-${env}.tfstate`);
    expect(path.isAbsolute(tf.terraform.backend.local.path)).toBe(false);
  });

  it("never lets Terraform destroy the bucket or empty it", () => {
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
    expect(bucket.force_destroy).toBe(false);
  });

  it("versions every state write", () => {
    expect(onlyResource(tf, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
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

  describe("bucket policy, as IAM evaluates it", () => {
    const bucketArn = `arn:aws:s3:::example-org-demo-api-tfstate-${env}`;
    const policy = policyWithArns(tf, onlyResource(tf, "aws_s3_bucket_policy").policy, { aws_s3_bucket: bucketArn });
    const deployer = `arn:aws:iam::${account}:role/demo-api-terraform-deploy`;
    const breakGlass = `arn:aws:iam::${account}:role/break-glass`;
    const otherRole = `arn:aws:iam::${account}:role/analytics-batch`;
    const stateObject = `${bucketArn}/demo-api/${env}/terraform.tfstate`;
    const tls = { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" };
    const s3 = (principal: string, action: string, resource: string, context: Record<string, string> = {}) =>
      decide({ principal, action, resource }, { resource: policy, identity: [everything("s3")] }, { ...tls, ...context });

    describe("a same-account role allowed s3:* by its own IAM policy", () => {
      it.each(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"])(
        "is denied %s on the state",
        async (action) => {
          expect(await s3(otherRole, action, stateObject)).toBe("ExplicitlyDenied");
        },
      );

      it.each([
        ["the lock file", `${stateObject}.tflock`],
        ["the bootstrap's own state", `${bucketArn}/demo-api/_bootstrap/${env}/terraform.tfstate`],
      ])("is denied writing %s", async (_what, object) => {
        expect(await s3(otherRole, "s3:PutObject", object)).toBe("ExplicitlyDenied");
      });

      it.each(STATE_BUCKET_CHANGES)("is denied %s on the bucket", async (action) => {
        expect(await s3(otherRole, action, bucketArn)).toBe("ExplicitlyDenied");
      });
    });

    it.each(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"])("lets a deploy principal %s on the state", async (action) => {
      expect(await s3(deployer, action, stateObject)).toBe("Allowed");
    });

    it.each(["s3:GetObject", "s3:PutBucketPolicy"])("lets the break-glass principal %s", async (action) => {
      expect(await s3(breakGlass, action, action === "s3:GetObject" ? stateObject : bucketArn)).toBe("Allowed");
    });

    it("denies a request without TLS, even to a deploy principal", async () => {
      expect(await s3(deployer, "s3:GetObject", stateObject, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
    });

    it("denies TLS older than 1.2, even to a deploy principal", async () => {
      expect(await s3(deployer, "s3:GetObject", stateObject, { "s3:TlsVersion": "1.1" })).toBe("ExplicitlyDenied");
    });

    it("grants nothing: principals need their own IAM permissions", () => {
      expect(policy.Statement.filter((s) => s.Effect === "Allow")).toEqual([]);
    });
  });
});

describe("state encryption", () => {
  it("poc keeps S3-managed keys (no key is configured and poc is not production)", () => {
    const tf = synthBootstrap(environment("poc"));
    expect(resourcesOf(tf, "aws_kms_key")).toEqual([]);
    expect(onlyResource(tf, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
  });

  describe("prod without a configured key: the bootstrap creates one", () => {
    const tf = synthBootstrap(environment("prod"));
    const key = onlyResource(tf, "aws_kms_key");
    const [[keyId]] = resourcesOf(tf, "aws_kms_key");
    const keyArn = "arn:aws:kms:ap-northeast-1:222222222222:key/1a2b3c4d-1a2b-4c3d-8e9f-1a2b3c4d5e6f";
    const keyPolicy = JSON.parse(key.policy) as PolicyDocument;
    const deployer = "arn:aws:iam::222222222222:role/demo-api-terraform-deploy";
    const breakGlass = "arn:aws:iam::222222222222:role/break-glass";
    const root = "arn:aws:iam::222222222222:root";
    const otherRole = "arn:aws:iam::222222222222:role/analytics-batch";
    const kms = (principal: string, action: string) => decide({ principal, action, resource: keyArn }, { resource: keyPolicy, identity: [everything("kms")] });

    it("encrypts the bucket with it, with an S3 Bucket Key", () => {
      expect(onlyResource(tf, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` }, bucket_key_enabled: true },
      ]);
    });

    it("rotates it, and never lets Terraform destroy it", () => {
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    });

    it("names it alias/demo-api-prod-terraform-state, the key the registry stack's backend writes with", () => {
      expect(onlyResource(tf, "aws_kms_alias").name).toBe("alias/demo-api-prod-terraform-state");
      expect(synthStack("prod").terraform.backend.s3.kms_key_id).toBe("arn:aws:kms:ap-northeast-1:222222222222:alias/demo-api-prod-terraform-state");
    });

    it.each(["kms:Decrypt", "kms:GenerateDataKey"])("lets a deploy principal %s", async (action) => {
      expect(await kms(deployer, action)).toBe("Allowed");
    });

    it("lets the break-glass principal decrypt", async () => {
      expect(await kms(breakGlass, "kms:Decrypt")).toBe("Allowed");
    });

    it.each(["kms:Decrypt", "kms:GenerateDataKey", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"])(
      "denies %s to a same-account role allowed kms:* by its own IAM policy",
      async (action) => {
        expect(await kms(otherRole, action)).toBe("ImplicitlyDenied");
      },
    );

    it("lets a deploy principal change the key policy, which KMS's lockout safety check requires of the principal creating the key", async () => {
      expect(await kms(deployer, "kms:PutKeyPolicy")).toBe("Allowed");
    });

    it("lets the account's root user repair the key policy, so the key can never become unmanageable", async () => {
      // The root user has every permission without a policy; the simulator needs it written down.
      expect(await kms(root, "kms:PutKeyPolicy")).toBe("Allowed");
    });

    it("names the account, never a role, as Principal: KMS rejects principals that do not exist", () => {
      expect(keyPolicy.Statement.map((s) => s.Principal)).toEqual([{ AWS: root }, { AWS: root }]);
    });
  });

  it("prod with a configured key creates none and encrypts with that key", () => {
    const tf = synthBootstrap(environment("prod", (c) => (c.environments.prod.stateBackend.kmsKeyArn = KMS_KEY)));
    expect(resourcesOf(tf, "aws_kms_key")).toEqual([]);
    expect(onlyResource(tf, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KMS_KEY }, bucket_key_enabled: true },
    ]);
  });
});

describe("state bootstrap options", () => {
  it("keeps replaced versions for the configured number of days", () => {
    const env = environment("poc", (c) => {
      c.environments.poc.stateBackend.noncurrentVersionExpirationDays = 30;
    });
    const [rule] = onlyResource(synthBootstrap(env), "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  it("moves its own state into the bucket it created when bootstrapState is bucket", () => {
    const env = environment("prod", (c) => (c.environments.prod.stateBackend.bootstrapState = "bucket"));
    const { terraform } = synthBootstrap(env);
    expect(terraform.backend).toEqual({
      s3: {
        bucket: "example-org-demo-api-tfstate-prod",
        key: "demo-api/_bootstrap/prod/terraform.tfstate",
        region: "ap-northeast-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:ap-northeast-1:222222222222:alias/demo-api-prod-terraform-state",
        use_lockfile: true,
      },
    });
    expect(terraform.required_version).toBe(">= 1.11");
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

it("git ignores the bootstrap's local state file and its backups, so it is never committed", () => {
  const root = path.join(__dirname, "..", "..");
  const files = ["bootstrap/terraform.state-bootstrap-prod.tfstate", "bootstrap/terraform.state-bootstrap-prod.tfstate.backup"];
  const ignored = execFileSync("git", ["check-ignore", "--no-index", ...files], { cwd: root, encoding: "utf8" });
  expect(ignored.trim().split("\n")).toEqual(files);
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
