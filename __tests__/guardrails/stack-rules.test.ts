import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import { awsProviderAllowedAccounts } from "../../guardrails/rules/aws-provider-allowed-accounts";
import { alertNotificationText, datadogCriticalFindingsMonitor, notificationHandles } from "../../guardrails/rules/datadog-critical-findings-monitor";
import { stateBackendEncryptedLocked } from "../../guardrails/rules/state-backend-encrypted-locked";
import { goodStackBasics, outcome, POC, problems, testStack } from "../support/guardrails";

const compliantStack = testStack(goodStackBasics);

function stackWithMonitor(message: string, name = "demo-api: critical ECR scan findings"): TerraformStack {
  return testStack((s) => new Monitor(s, "monitor", { name, type: "event-v2 alert", query: "events(\"source:amazon_ecr\").rollup(\"count\").last(\"5m\") >= 1", message }));
}

describe("DAR-DD-1 critical-findings monitor", () => {
  it("passes a production monitor that pages PagerDuty", () => {
    expect(outcome(datadogCriticalFindingsMonitor, compliantStack).compliant).toBe(true);
  });

  it("passes a poc monitor that only notifies Slack", () => {
    expect(outcome(datadogCriticalFindingsMonitor, stackWithMonitor("Critical finding @slack-demo-api"), POC).compliant).toBe(true);
  });

  it("fails an environment without a critical-findings monitor", () => {
    const stack = stackWithMonitor("@slack-demo-api", "demo-api: CPU high");
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack, POC))).toMatch('environment "poc" has no datadog_monitor for critical findings');
  });

  it("fails a monitor that notifies nobody", () => {
    expect(problems(outcome(datadogCriticalFindingsMonitor, stackWithMonitor("Critical findings, write to ops@example.com"), POC))).toMatch("notifies nobody");
  });

  it("fails a production monitor whose paging handle is overridden away", () => {
    const stack = testStack(goodStackBasics);
    (stack.node.findChild("critical-findings") as Monitor).addOverride("message", "Critical findings in demo-api. @slack-demo-api-alerts");
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toMatch("pages nobody");
  });

  it("fails a production monitor that notifies Slack but pages nobody", () => {
    expect(problems(outcome(datadogCriticalFindingsMonitor, stackWithMonitor("Critical @slack-demo-api")))).toMatch("pages nobody");
  });

  it("passes a production monitor that pages only when it alerts (the handle inside {{#is_alert}})", () => {
    const stack = stackWithMonitor("{{#is_alert}}Critical findings @oncall-demo-api{{/is_alert}}{{#is_recovery}}window passed{{/is_recovery}}");
    expect(outcome(datadogCriticalFindingsMonitor, stack).compliant).toBe(true);
  });

  it("fails a production monitor whose paging handle only appears in the recovery", () => {
    const stack = stackWithMonitor("{{#is_alert}}Critical findings @slack-demo-api{{/is_alert}}{{#is_recovery}}@oncall-demo-api{{/is_recovery}}");
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack))).toMatch("when it alerts but pages nobody");
  });

  it("fails a monitor whose only handle is in a block an alert does not render", () => {
    const stack = stackWithMonitor("Critical findings {{#is_warning}}@slack-demo-api{{/is_warning}}");
    expect(problems(outcome(datadogCriticalFindingsMonitor, stack, POC))).toMatch("notifies nobody when it alerts");
  });

  it("renders an alert notification as Datadog does: is_alert and negated blocks kept, other blocks dropped", () => {
    const message = "a {{#is_alert}}b {{#is_match \"env.name\" \"prod\"}}c{{/is_match}}{{/is_alert}}{{^is_recovery}}d{{/is_recovery}}{{#is_recovery}}e{{/is_recovery}}{{^is_alert}}f{{/is_alert}}";
    expect(alertNotificationText(message)).toBe("a b d");
  });

  it("reads Datadog handles, not the @ of an e-mail address", () => {
    expect(notificationHandles("{{#is_alert}}@oncall-demo-api{{/is_alert}} see ops@example.com, @jane@example.com")).toEqual(["@oncall-demo-api", "@jane@example.com"]);
  });
});

describe("DAR-TF-1 state backend encrypts and locks", () => {
  it("passes S3 with encrypt and use_lockfile", () => {
    expect(outcome(stateBackendEncryptedLocked, compliantStack).compliant).toBe(true);
  });

  it("passes HCP Terraform", () => {
    const stack = testStack((s) => new CloudBackend(s, { organization: "example-org", workspaces: new NamedCloudWorkspace("demo-api-prod") }));
    expect(outcome(stateBackendEncryptedLocked, stack).compliant).toBe(true);
  });

  it("fails S3 without encryption or lock file", () => {
    const stack = testStack((s) => new S3Backend(s, { bucket: "state", key: "k", region: "ap-northeast-1" }));
    const found = problems(outcome(stateBackendEncryptedLocked, stack));
    expect(found).toMatch("does not set encrypt = true");
    expect(found).toMatch("does not set use_lockfile = true");
  });

  it.each(["encrypt", "use_lockfile"])("fails S3 with %s overridden to false", (attribute) => {
    const stack = testStack((s) => {
      goodStackBasics(s);
      (s.node.children.find((child) => child instanceof S3Backend) as S3Backend).addOverride(attribute, false);
    });
    expect(problems(outcome(stateBackendEncryptedLocked, stack))).toMatch(`does not set ${attribute} = true`);
  });

  it("fails a stack without a backend (cdktf would fall back to local state)", () => {
    expect(problems(outcome(stateBackendEncryptedLocked, testStack(() => {})))).toMatch("has no backend");
  });

  it("fails a local backend", () => {
    const stack = testStack((s) => new LocalBackend(s, { path: "terraform.tfstate" }));
    expect(problems(outcome(stateBackendEncryptedLocked, stack))).toMatch("backend LocalBackend is not one this product supports");
  });
});

describe("DAR-TF-2 AWS provider allowed_account_ids", () => {
  it("passes a provider that allows only the environment's account", () => {
    expect(outcome(awsProviderAllowedAccounts, compliantStack).compliant).toBe(true);
  });

  it("fails a provider without allowed_account_ids", () => {
    const stack = testStack((s) => new AwsProvider(s, "aws", { region: "ap-northeast-1" }));
    expect(problems(outcome(awsProviderAllowedAccounts, stack))).toMatch("AWS provider test/aws has no allowed_account_ids");
  });

  it("fails a provider given another account through an escape-hatch override (Terraform gets both)", () => {
    const stack = testStack((s) => new AwsProvider(s, "aws", { region: "ap-northeast-1", allowedAccountIds: ["222222222222"] }).addOverride("allowed_account_ids", ["111111111111"]));
    expect(problems(outcome(awsProviderAllowedAccounts, stack))).toMatch("allows accounts 222222222222, 111111111111; expected only 222222222222");
  });

  it("fails a provider whose allowed_account_ids is overridden away", () => {
    const stack = testStack((s) => new AwsProvider(s, "aws", { region: "ap-northeast-1", allowedAccountIds: ["222222222222"] }).addOverride("allowed_account_ids", undefined));
    expect(problems(outcome(awsProviderAllowedAccounts, stack))).toMatch("has no allowed_account_ids");
  });

  it("fails a provider that allows another account", () => {
    const stack = testStack((s) => new AwsProvider(s, "aws", { region: "ap-northeast-1", allowedAccountIds: ["111111111111"] }));
    expect(problems(outcome(awsProviderAllowedAccounts, stack))).toMatch("expected only 222222222222");
  });
});
