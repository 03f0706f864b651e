import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { guardAdministratorArns } from "../constructs/guard";
import { bootstrapStateKey, requireTerraformVersion, stateKeyToCreate, useStateBackend } from "../constructs/state/state-backend";
import { assumeRoleSessionName } from "../constructs/resource-names";
import { StateBucket } from "../constructs/state/state-bucket";
import { StateKey } from "../constructs/state/state-key";

/** `state-bootstrap-poc`: the stack name an operator deploys from `bootstrap/`. */
export function stateBootstrapStackName(environment: string): string {
  return `state-bootstrap-${environment}`;
}

/**
 * The local state file, relative to the directory Terraform runs in: cdktf runs it in
 * `<app>/cdktf.out/stacks/<stack>/`, so this is `bootstrap/terraform.<stack>.tfstate` on every machine
 * (an absolute path would be the synthesizing checkout's). Git ignores `*.tfstate*`.
 */
export function bootstrapLocalStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/**
 * The S3 bucket (and, in production without a configured key, the KMS key) one environment's registry stack
 * keeps its state in. Its own state is local until `stateBackend.bootstrapState` moves it into the bucket.
 * Lives in the separate cdktf app under bootstrap/, never in main.ts.
 */
export class StateBootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;
  readonly stateKey: StateKey | undefined;

  constructor(scope: Construct, env: EnvironmentConfig) {
    const name = stateBootstrapStackName(env.name);
    super(scope, name);
    if (env.stateBackend.type !== "s3") {
      throw new Error(`${name}: environment "${env.name}" keeps its state in HCP Terraform; there is no bucket to bootstrap.`);
    }
    const backend = env.stateBackend;
    new AwsProvider(this, "aws", {
      region: backend.region,
      allowedAccountIds: [env.awsAccountId],
      defaultTags: [{ tags: { Environment: env.name, Service: env.service, ManagedBy: "cdktf", SourceRepository: env.sourceRepository } }],
      ...(env.assumeRoleArn !== undefined && {
        assumeRole: [{ roleArn: env.assumeRoleArn, sessionName: assumeRoleSessionName(env.service, env.name, "state-bootstrap") }],
      }),
    });
    if (backend.bootstrapState === "bucket") {
      useStateBackend(this, env, bootstrapStateKey(backend.keyPrefix, env.name));
    } else {
      requireTerraformVersion(this);
      new LocalBackend(this, { path: bootstrapLocalStatePath(name) });
    }

    const administratorArns = guardAdministratorArns({
      accountId: env.awsAccountId,
      deployPrincipalArns: env.deployPrincipalArns,
      breakGlassPrincipalArn: env.breakGlassPrincipalArn,
    });
    const keyToCreate = stateKeyToCreate(env);
    this.stateKey =
      keyToCreate &&
      new StateKey(this, "state-key", {
        accountId: env.awsAccountId,
        aliasName: keyToCreate.aliasName,
        administratorArns,
        userArns: [...env.deployPrincipalArns, ...(env.breakGlassPrincipalArn === undefined ? [] : [env.breakGlassPrincipalArn])],
      });
    this.stateBucket = new StateBucket(this, "state-bucket", {
      bucketName: backend.bucket,
      kmsKeyArn: this.stateKey?.key.arn ?? backend.kmsKeyArn,
      noncurrentVersionExpirationDays: backend.noncurrentVersionExpirationDays,
      administratorArns,
    });
    new TerraformOutput(this, "state_bucket_name", { value: this.stateBucket.bucket.bucket });
    new TerraformOutput(this, "state_bucket_arn", { value: this.stateBucket.bucket.arn });
    if (this.stateKey) new TerraformOutput(this, "state_key_arn", { value: this.stateKey.key.arn });
  }
}
