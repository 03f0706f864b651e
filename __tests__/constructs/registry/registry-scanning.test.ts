import { Testing } from "cdktf";
import { RegistryScanning, type RegistryScanningProps } from "../../../constructs/registry/registry-scanning";
import { environment } from "../../support/config";
import { onlyResource, resourcesOf, synthStack, type TerraformJson } from "../../support/synth";

function synthScanning(props: RegistryScanningProps): TerraformJson {
  return JSON.parse(Testing.synthScope((scope) => new RegistryScanning(scope, "registry-scanning", props)));
}

describe("registry scanning settings", () => {
  it("manages enhanced scanning with continuous rescans of the given repositories", () => {
    const tf = synthScanning({ engine: "enhanced", repositories: ["demo-api", "team/worker"], manageRegistryScanningConfiguration: true });
    expect(onlyResource(tf, "aws_ecr_registry_scanning_configuration")).toEqual({
      scan_type: "ENHANCED",
      rule: [
        {
          scan_frequency: "CONTINUOUS_SCAN",
          repository_filter: [
            { filter: "demo-api", filter_type: "WILDCARD" },
            { filter: "team/worker", filter_type: "WILDCARD" },
          ],
        },
      ],
    });
  });

  it("manages basic scanning on push of the given repositories", () => {
    const tf = synthScanning({ engine: "basic", repositories: ["demo-api"], manageRegistryScanningConfiguration: true });
    expect(onlyResource(tf, "aws_ecr_registry_scanning_configuration")).toEqual({
      scan_type: "BASIC",
      rule: [{ scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "demo-api", filter_type: "WILDCARD" }] }],
    });
  });

  it("pins the basic-scan engine to AWS_NATIVE, and only that, when asked", () => {
    const tf = synthScanning({ engine: "basic", repositories: ["demo-api"], manageBasicScanEngine: true });
    expect(onlyResource(tf, "aws_ecr_account_setting")).toEqual({ name: "BASIC_SCAN_TYPE_VERSION", value: "AWS_NATIVE" });
    expect(resourcesOf(tf, "aws_ecr_registry_scanning_configuration")).toEqual([]);
  });
});

describe("registry scanning in the environment's stack", () => {
  const byDefault = synthStack("prod");
  const managed = synthStack(
    environment("prod", (c) => (c.environments.prod.scanning = { engine: "enhanced", manageRegistryScanningConfiguration: true, manageBasicScanEngine: true })),
  );
  const ruleNames = (tf: TerraformJson) => resourcesOf(tf, "aws_cloudwatch_event_rule").map(([, r]) => r.name).sort();

  it("leaves the registry's scanning configuration and the basic-scan engine alone unless asked (the example fixture)", () => {
    expect(resourcesOf(byDefault, "aws_ecr_registry_scanning_configuration")).toEqual([]);
    expect(resourcesOf(byDefault, "aws_ecr_account_setting")).toEqual([]);
  });

  it("manages both, for the environment's repositories, when the config asks", () => {
    expect(onlyResource(managed, "aws_ecr_registry_scanning_configuration").rule[0].repository_filter).toEqual([{ filter: "demo-api", filter_type: "WILDCARD" }]);
    expect(resourcesOf(managed, "aws_ecr_account_setting")).toHaveLength(1);
  });

  it("alerts on both engines' events whatever engine is configured (the registry may be switched elsewhere)", () => {
    expect(ruleNames(managed)).toEqual(ruleNames(byDefault));
  });
});
