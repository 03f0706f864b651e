import { policyDocument } from "../../../constructs/policy-document";
import { stateBucketPolicy, stateKeyPolicy } from "../../../constructs/state/state-policies";
import { decide } from "../../support/iam";
import { STATE_BUCKET_CHANGES } from "../../support/guarded-actions";

// The state bucket's and state key's policies alone, as IAM evaluates them (state-bootstrap-stack.test.ts checks
// what the bootstrap stack deploys).

const ACCOUNT = "222222222222";
const BUCKET = "arn:aws:s3:::example-org-demo-api-tfstate-prod";
const STATE = `${BUCKET}/demo-api/prod/terraform.tfstate`;
const KEY = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/1a2b3c4d-1a2b-4c3d-8e9f-1a2b3c4d5e6f`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/demo-api-terraform-deploy`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/break-glass`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/analytics-batch`;
const TLS = { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" };
const everything = (service: string) => policyDocument({ Effect: "Allow", Action: `${service}:*`, Resource: "*" });

describe("state bucket policy", () => {
  const policy = stateBucketPolicy({ bucketArn: BUCKET, administratorArns: [DEPLOYER, BREAK_GLASS, ROOT] });
  const s3 = (principal: string, action: string, resource: string, context: Record<string, string> = {}) =>
    decide({ principal, action, resource }, { resource: policy, identity: [everything("s3")] }, { ...TLS, ...context });

  it.each(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"])(
    "denies %s on the state to a role allowed s3:* by its own IAM policy",
    async (action) => {
      expect(await s3(OTHER, action, STATE)).toBe("ExplicitlyDenied");
    },
  );

  it.each(STATE_BUCKET_CHANGES)("denies %s on the bucket to that role, and lets the administrators", async (action) => {
    expect(await s3(OTHER, action, BUCKET)).toBe("ExplicitlyDenied");
    expect(await s3(DEPLOYER, action, BUCKET)).toBe("Allowed");
  });

  it("leaves bucket reads that change nothing to IAM", async () => {
    expect(await s3(OTHER, "s3:ListBucket", BUCKET)).toBe("Allowed");
  });

  it.each([DEPLOYER, BREAK_GLASS, ROOT])("lets %s read and write the state", async (principal) => {
    expect(await s3(principal, "s3:GetObject", STATE)).toBe("Allowed");
    expect(await s3(principal, "s3:PutObject", STATE)).toBe("Allowed");
  });

  it("denies a request without TLS, and TLS older than 1.2, even to an administrator", async () => {
    expect(await s3(DEPLOYER, "s3:GetObject", STATE, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
    expect(await s3(DEPLOYER, "s3:PutBucketPolicy", BUCKET, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
    expect(await s3(DEPLOYER, "s3:GetObject", STATE, { "s3:TlsVersion": "1.1" })).toBe("ExplicitlyDenied");
    expect(await s3(DEPLOYER, "s3:ListBucket", BUCKET, { "s3:TlsVersion": "1.0" })).toBe("ExplicitlyDenied");
  });

  it("accepts TLS 1.2 exactly", async () => {
    expect(await s3(DEPLOYER, "s3:GetObject", STATE, { "s3:TlsVersion": "1.2" })).toBe("Allowed");
  });

  it("grants nothing by itself", async () => {
    expect(await decide({ principal: DEPLOYER, action: "s3:GetObject", resource: STATE }, { resource: policy }, TLS)).toBe("ImplicitlyDenied");
  });
});

describe("state key policy", () => {
  const policy = stateKeyPolicy({ accountId: ACCOUNT, administratorArns: [DEPLOYER, BREAK_GLASS, ROOT], userArns: [DEPLOYER, BREAK_GLASS] });
  const kms = (principal: string, action: string) => decide({ principal, action, resource: KEY }, { resource: policy, identity: [everything("kms")] });

  it.each([
    "kms:CreateGrant",
    "kms:DescribeKey",
    "kms:EnableKeyRotation",
    "kms:ListGrants",
    "kms:PutKeyPolicy",
    "kms:UpdateKeyDescription",
    "kms:RevokeGrant",
    "kms:DisableKey",
    "kms:GetKeyPolicy",
    "kms:DeleteAlias",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
  ])("lets the root user %s (the administrators' statement)", async (action) => {
    expect(await kms(ROOT, action)).toBe("Allowed");
  });

  it.each(["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"])(
    "lets a deploy principal %s",
    async (action) => {
      expect(await kms(DEPLOYER, action)).toBe("Allowed");
    },
  );

  it("lets the break-glass principal decrypt the state", async () => {
    expect(await kms(BREAK_GLASS, "kms:Decrypt")).toBe("Allowed");
  });

  it("does not let the root user decrypt the state: it administers the key only", async () => {
    expect(await kms(ROOT, "kms:Decrypt")).toBe("ImplicitlyDenied");
  });

  it.each(["kms:Decrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"])("does not let another role allowed kms:* %s", async (action) => {
    expect(await kms(OTHER, action)).toBe("ImplicitlyDenied");
  });

  it("names the account as Principal in both statements, never a role (KMS rejects principals that do not exist)", () => {
    expect(policy.Statement.map((s) => s.Principal)).toEqual([{ AWS: ROOT }, { AWS: ROOT }]);
  });
});

describe("what an operator reads in the console", () => {
  it("names the bucket policy's statements", () => {
    expect(stateBucketPolicy({ bucketArn: BUCKET, administratorArns: [DEPLOYER] }).Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "DenyOutdatedTls",
      "DenyStateToEveryoneElse",
      "DenyBucketChangesToEveryoneElse",
    ]);
  });

  it("names the key policy's statements and lists its principals once each, sorted, so a plan shows no change when the config order does", () => {
    const policy = stateKeyPolicy({ accountId: ACCOUNT, administratorArns: [ROOT, DEPLOYER, ROOT], userArns: [DEPLOYER, BREAK_GLASS, DEPLOYER] });
    expect(policy.Statement.map((s) => [s.Sid, s.Condition])).toEqual([
      ["AdministerTheKey", { ArnEquals: { "aws:PrincipalArn": [DEPLOYER, ROOT] } }],
      ["EncryptAndDecryptState", { ArnEquals: { "aws:PrincipalArn": [BREAK_GLASS, DEPLOYER] } }],
    ]);
  });
});
