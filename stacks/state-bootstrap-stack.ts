import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import * as path from "node:path";
import type { EnvironmentConfig } from "../config/schema";
import { assumeRoleSessionName } from "../constructs/resource-names";
import { StateBucket } from "../constructs/state/state-bucket";

/** `state-bootstrap-poc`: the stack name an operator deploys from `bootstrap/`. */
export function stateBootstrapStackName(environment: string): string {
  return `state-bootstrap-${environment}`;
}

export interface StateBootstrapStackProps {
  /** Where the stack's local state file lives (it cannot live in the bucket it creates). */
  readonly stateDirectory: string;
}

/**
 * The S3 bucket one environment's registry stack keeps its state in. Its own state is local.
 * Lives in the separate cdktf app under bootstrap/, never in main.ts.
 */
export class StateBootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, env: EnvironmentConfig, props: StateBootstrapStackProps) {
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
    new LocalBackend(this, { path: path.join(props.stateDirectory, `terraform.${name}.tfstate`) });

    this.stateBucket = new StateBucket(this, "state-bucket", {
      bucketName: backend.bucket,
      kmsKeyArn: backend.kmsKeyArn,
      noncurrentVersionExpirationDays: backend.noncurrentVersionExpirationDays,
    });
    new TerraformOutput(this, "state_bucket_name", { value: this.stateBucket.bucket.bucket });
    new TerraformOutput(this, "state_bucket_arn", { value: this.stateBucket.bucket.arn });
  }
}
