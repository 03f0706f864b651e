import { readFileSync } from "node:fs";
import * as path from "node:path";

/** An EventBridge event as JSON (loose on purpose: variants delete and retype fields). */
export type ScanEvent = Record<string, any>;

/** Where an event happened: the account, region and repository it is about. */
export interface EventPlace {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
}

function sample(file: string): ScanEvent {
  return JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "events", file), "utf8"));
}

const repositoryArn = (place: EventPlace) => `arn:aws:ecr:${place.region}:${place.account}:repository/${place.repository}`;

/** The ECR user guide's basic scan sample (10 CRITICAL, untagged), moved to `place`. */
export function basicScan(place: EventPlace, edit: (event: ScanEvent) => void = () => {}): ScanEvent {
  const event = sample("ecr-image-scan.json");
  Object.assign(event, { account: place.account, region: place.region, resources: [repositoryArn(place)] });
  event.detail["repository-name"] = place.repository;
  edit(event);
  return event;
}

/**
 * An Inspector2 Scan moved to `place`: the ECR user guide's sample (7 CRITICAL, tagged `latest`), or with
 * `zero` the Inspector guide's ECR sample (every count 0, tagged `ubuntu22`). The repository is named by ARN.
 */
export function inspectorScan(place: EventPlace, edit: (event: ScanEvent) => void = () => {}, zero = false): ScanEvent {
  const event = sample(zero ? "inspector2-scan-ecr.json" : "inspector2-scan-ecr-user-guide.json");
  Object.assign(event, { account: place.account, region: place.region, resources: [repositoryArn(place)] });
  event.detail["repository-name"] = repositoryArn(place);
  edit(event);
  return event;
}

/**
 * An Inspector2 Finding moved to `place`: the Inspector guide's ECR sample (MEDIUM, ACTIVE, tagged
 * `ubuntu_latest`), or with `ecrGuide` the ECR user guide's (MEDIUM, ACTIVE, tagged `latest`).
 */
export function inspectorFinding(place: EventPlace, edit: (event: ScanEvent) => void = () => {}, ecrGuide = false): ScanEvent {
  const event = sample(ecrGuide ? "inspector2-finding-ecr-user-guide.json" : "inspector2-finding-ecr.json");
  const [resource] = event.detail.resources;
  const image = resource.details.awsEcrContainerImage;
  const imageArn = `${repositoryArn(place)}/${image.imageHash}`;
  Object.assign(event, { account: place.account, region: place.region, resources: [imageArn] });
  event.detail.awsAccountId = place.account;
  Object.assign(resource, { id: imageArn });
  Object.assign(image, { registry: place.account, repositoryName: place.repository });
  if (resource.details.image) Object.assign(resource.details.image, { registry: place.account, repositoryName: place.repository });
  edit(event);
  return event;
}

/** The image part of a finding, for variants. */
export function findingImage(event: ScanEvent): ScanEvent {
  return event.detail.resources[0].details.awsEcrContainerImage;
}

/** The EventBridge guide's scheduled event (what the heartbeat rule receives), moved to the environment. */
export function scheduledEvent(account: string, region: string): ScanEvent {
  return { ...sample("scheduled-event.json"), account, region };
}
