import { environment } from "../../support/config";
import { onlyResource, resourcesOf, synthStack } from "../../support/synth";

const withScanning = (env: "poc" | "prod", scanning: Record<string, unknown>) =>
  synthStack(environment(env, (c) => (c.environments[env].scanning = scanning)));

describe("registry scanning settings", () => {
  it("leaves the registry's scanning configuration and the basic-scan engine alone unless asked (the example fixture)", () => {
    const tf = synthStack("prod");
    expect(resourcesOf(tf, "aws_ecr_registry_scanning_configuration")).toEqual([]);
    expect(resourcesOf(tf, "aws_ecr_account_setting")).toEqual([]);
  });

  it("manages enhanced scanning with continuous rescans of the environment's repositories", () => {
    const tf = withScanning("prod", { engine: "enhanced", manageRegistryScanningConfiguration: true });
    expect(onlyResource(tf, "aws_ecr_registry_scanning_configuration")).toEqual({
      scan_type: "ENHANCED",
      rule: [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "demo-api", filter_type: "WILDCARD" }] }],
    });
  });

  it("manages basic scanning on push of the environment's repositories", () => {
    const tf = withScanning("poc", { engine: "basic", manageRegistryScanningConfiguration: true });
    expect(onlyResource(tf, "aws_ecr_registry_scanning_configuration")).toEqual({
      scan_type: "BASIC",
      rule: [{ scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "demo-api", filter_type: "WILDCARD" }] }],
    });
  });

  it("pins the basic-scan engine to AWS_NATIVE when asked", () => {
    const tf = withScanning("prod", { manageBasicScanEngine: true });
    expect(onlyResource(tf, "aws_ecr_account_setting")).toEqual({ name: "BASIC_SCAN_TYPE_VERSION", value: "AWS_NATIVE" });
    expect(resourcesOf(tf, "aws_ecr_registry_scanning_configuration")).toEqual([]);
  });

  it("alerts on both engines' events whatever engine is configured (the registry may be switched elsewhere)", () => {
    const names = (tf: ReturnType<typeof synthStack>) => resourcesOf(tf, "aws_cloudwatch_event_rule").map(([, r]) => r.name).sort();
    expect(names(withScanning("prod", { engine: "basic" }))).toEqual(names(withScanning("prod", { engine: "enhanced" })));
  });
});
