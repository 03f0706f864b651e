/**
 * The regions of AWS's standard partition (`aws`), the only one the stacks build ARNs for (`arn:aws:...`).
 * Source: the `aws` partition of the AWS SDK for JavaScript v3's endpoint data (`@aws-sdk/core` 3.981.0,
 * `submodules/client/util-endpoints/lib/aws/partitions.js`), read 2026-11-24; `aws-global` is left out (it is
 * an endpoint, not a region). A region AWS opens later is added here, with the date.
 */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/** Why `region` is not a region of the `aws` partition, or `undefined` when it is. */
export function regionProblem(region: string): string | undefined {
  if (AWS_REGIONS.includes(region)) return undefined;
  const other = /^(?:cn|us-gov|us-iso[bef]?|eu-isoe|eusc)-/.test(region);
  return other
    ? `expected a region of AWS's standard partition (the stacks build "arn:aws:" ARNs), got "${region}", which belongs to another partition. Deploy from a copy adapted to that partition.`
    : `expected one of AWS's regions (config/aws-regions.ts lists them, e.g. "ap-northeast-1"), got "${region}". Check the spelling; if AWS opened it recently, add it to config/aws-regions.ts.`;
}
