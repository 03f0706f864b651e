import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { assumeRoleSessionName } from "./resource-names";

/** The Datadog API base URL of a site, e.g. `ap1.datadoghq.com` -> `https://api.ap1.datadoghq.com/`. */
export function datadogApiUrl(site: string): string {
  return `https://api.${site}/`;
}

/** The Datadog Logs intake (HTTP API v2) of a site, e.g. `ap1.datadoghq.com` -> `https://http-intake.logs.ap1.datadoghq.com/api/v2/logs`. */
export function datadogLogsIntakeUrl(site: string): string {
  return `https://http-intake.logs.${site}/api/v2/logs`;
}

/**
 * The AWS and Datadog providers of one environment. AWS refuses any account but the configured
 * one; Datadog credentials come only from DD_API_KEY / DD_APP_KEY in the environment.
 */
export class EnvironmentProviders extends Construct {
  readonly aws: AwsProvider;
  readonly datadog: DatadogProvider;

  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id);
    this.aws = new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.awsAccountId],
      defaultTags: [
        {
          tags: {
            Environment: env.name,
            Service: env.service,
            ManagedBy: "cdktf",
            SourceRepository: env.sourceRepository,
          },
        },
      ],
      ...(env.assumeRoleArn !== undefined && {
        assumeRole: [{ roleArn: env.assumeRoleArn, sessionName: assumeRoleSessionName(env.service, env.name, "cdktf") }],
      }),
    });
    this.datadog = new DatadogProvider(this, "datadog", { apiUrl: datadogApiUrl(env.datadog.site) });
  }
}
