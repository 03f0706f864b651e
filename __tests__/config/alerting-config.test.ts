import { configErrorFor, environment } from "../support/config";

const repository = (name: string) => ({ name, tagMutability: "MUTABLE", lifecycleRules: [{ rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 }] });

describe("alerting config errors", () => {
  it("requires the alarm topic of every environment", () => {
    expect(configErrorFor((c) => delete c.environments.prod.alerting)).toContain("prod.alerting: expected an object, got nothing. Add the field");
  });

  it("rejects an existing topic in another region: CloudWatch alarms only notify their own region's topics", () => {
    expect(
      configErrorFor((c) => (c.environments.prod.alerting.alarmTopic = { type: "existing", topicArn: "arn:aws:sns:us-east-1:222222222222:ops" })),
    ).toContain(
      'prod.alerting.alarmTopic.topicArn: a CloudWatch alarm can only notify a topic in its own region (ap-northeast-1), got one in us-east-1. Use a topic in ap-northeast-1, or {"type": "create", "emails": [...]}.',
    );
  });

  it("rejects a topic ARN that is not one", () => {
    expect(configErrorFor((c) => (c.environments.prod.alerting.alarmTopic = { type: "existing", topicArn: "ops-alarms" }))).toContain(
      'prod.alerting.alarmTopic.topicArn: expected an SNS topic ARN such as "arn:aws:sns:ap-northeast-1:123456789012:ops-alarms", got "ops-alarms"',
    );
  });

  it("rejects a created topic without subscribers", () => {
    expect(configErrorFor((c) => (c.environments.poc.alerting.alarmTopic = { type: "create", emails: [] }))).toContain(
      "poc.alerting.alarmTopic.emails: expected at least one address: an alarm topic with no subscriber notifies nobody",
    );
  });

  it("rejects an address that is not an e-mail address", () => {
    expect(configErrorFor((c) => (c.environments.poc.alerting.alarmTopic = { type: "create", emails: ["ops"] }))).toContain(
      'poc.alerting.alarmTopic.emails[0]: expected an e-mail address such as "ops@example.com", got "ops"',
    );
  });

  it.each([0, 7])("rejects a heartbeat every %d hours", (hours) => {
    expect(configErrorFor((c) => (c.environments.poc.alerting.heartbeatHours = hours))).toContain(`poc.alerting.heartbeatHours: expected 1 to 6 hours`);
  });

  it("rejects a fractional heartbeat interval", () => {
    expect(configErrorFor((c) => (c.environments.poc.alerting.heartbeatHours = 1.5))).toContain(
      "poc.alerting.heartbeatHours: expected an integer, got 1.5",
    );
  });
});

describe("alerting defaults", () => {
  it("sends a heartbeat every hour", () => {
    expect(environment("prod", (c) => delete c.environments.prod.alerting.heartbeatHours).alerting.heartbeatHours).toBe(1);
  });
});

describe("scanning config errors", () => {
  it("rejects managing the registry's scanning configuration for more repositories than a rule has filters", () => {
    const message = configErrorFor((c) => {
      c.environments.poc.scanning.manageRegistryScanningConfiguration = true;
      c.environments.poc.repositories = Array.from({ length: 101 }, (_, i) => repository(`r${i}`));
    });
    expect(message).toContain(
      "poc.scanning.manageRegistryScanningConfiguration: a registry scanning rule holds at most 100 repository filters (ECR API RegistryScanningRule), got 101 repositories.",
    );
  });

  it("rejects a repository name longer than a scanning filter when the configuration is managed", () => {
    const message = configErrorFor((c) => {
      c.environments.poc.scanning.manageRegistryScanningConfiguration = true;
      c.environments.poc.repositories[0].name = `a/${"b".repeat(254)}`;
    });
    expect(message).toContain("poc.repositories[0].name: a registry scanning filter is at most 255 characters (ECR API ScanningRepositoryFilter), got 256.");
  });

  it("rejects managing a registry's scanning configuration that another environment shares", () => {
    const message = configErrorFor((c) => {
      c.environments.poc.awsAccountId = "222222222222";
      c.environments.poc.scanning.manageRegistryScanningConfiguration = true;
    });
    expect(message).toContain(
      `poc.scanning.manageRegistryScanningConfiguration: environment "prod" shares registry 222222222222 in ap-northeast-1, whose one scanning configuration would only filter "poc"'s repositories`,
    );
  });

  it("rejects two environments managing the same account's basic-scan engine", () => {
    const message = configErrorFor((c) => {
      c.environments.poc.awsAccountId = "222222222222";
      c.environments.poc.scanning.manageBasicScanEngine = true;
      c.environments.prod.scanning.manageBasicScanEngine = true;
    });
    expect(message).toContain('poc.scanning.manageBasicScanEngine: environment "prod" also manages the basic-scan engine of registry 222222222222 in ap-northeast-1');
  });
});

describe("scanning defaults", () => {
  it("manages neither registry-wide setting unless asked", () => {
    expect(environment("poc", (c) => (c.environments.poc.scanning = {})).scanning).toEqual({
      engine: "basic",
      manageRegistryScanningConfiguration: false,
      manageBasicScanEngine: false,
    });
  });
});
