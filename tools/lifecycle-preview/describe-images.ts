/** Reads the JSON of `aws ecr describe-images`, in either timestamp format the AWS CLI prints. */
import type { Image } from "./evaluate";

/** Bad input or usage: the message says what was expected and how to get it. */
export class PreviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewInputError";
  }
}

export interface DescribeImagesOutput {
  /** The distinct `repositoryName`s of the entries (empty when the entries do not say). */
  readonly repositoryNames: readonly string[];
  readonly images: readonly Image[];
}

const HOW_TO_GET_IT = 'Produce it with "aws ecr describe-images --repository-name <name> --output json > images.json".';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 9999-12-31T23:59:59Z: any larger "seconds" value is milliseconds (or nanoseconds) printed by something other than the AWS CLI. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/**
 * A time field: ISO 8601 with the CLI's `cli_timestamp_format = iso8601` (v2's default), epoch
 * seconds (possibly fractional) with `none` (v1's default). Returns milliseconds, `undefined` when absent.
 */
function timeAt(entry: Record<string, unknown>, field: string, place: string): number | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
    if (value > MAX_EPOCH_SECONDS) {
      throw new PreviewInputError(
        `${place}.${field}: ${value} is not epoch seconds (as seconds it would fall after the year 9999); it looks like milliseconds. ${HOW_TO_GET_IT}`,
      );
    }
    return value * 1000;
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new PreviewInputError(`${place}.${field}: expected an ISO 8601 time or epoch seconds, got ${JSON.stringify(value)}.`);
}

function imageAt(entry: unknown, place: string): Image {
  if (!isRecord(entry)) throw new PreviewInputError(`${place}: expected an object, got ${JSON.stringify(entry)}.`);
  const { imageDigest, imageTags = [], imageSizeInBytes, imageStatus = "ACTIVE" } = entry;
  if (typeof imageDigest !== "string" || imageDigest === "") {
    throw new PreviewInputError(`${place}.imageDigest: expected a digest such as "sha256:…", got ${JSON.stringify(imageDigest)}.`);
  }
  if (!Array.isArray(imageTags) || !imageTags.every((tag) => typeof tag === "string")) {
    throw new PreviewInputError(`${place}.imageTags: expected a list of tag strings, got ${JSON.stringify(imageTags)}.`);
  }
  const pushedAt = timeAt(entry, "imagePushedAt", place);
  if (pushedAt === undefined) throw new PreviewInputError(`${place}.imagePushedAt: expected an ISO 8601 time or epoch seconds, got nothing.`);
  if (typeof imageSizeInBytes !== "number" || !Number.isFinite(imageSizeInBytes) || imageSizeInBytes < 0) {
    throw new PreviewInputError(`${place}.imageSizeInBytes: expected a number of bytes, got ${JSON.stringify(imageSizeInBytes)}.`);
  }
  // ImageDetail.imageStatus: ACTIVE | ARCHIVED | ACTIVATING (a restore in progress is still archived).
  if (imageStatus !== "ACTIVE" && imageStatus !== "ARCHIVED" && imageStatus !== "ACTIVATING") {
    throw new PreviewInputError(`${place}.imageStatus: expected "ACTIVE", "ARCHIVED" or "ACTIVATING", got ${JSON.stringify(imageStatus)}.`);
  }
  const storageClass = imageStatus === "ACTIVE" ? "standard" : "archive";
  const lastArchivedAt = timeAt(entry, "lastArchivedAt", place);
  if (storageClass === "archive" && lastArchivedAt === undefined) {
    throw new PreviewInputError(`${place}.lastArchivedAt: an archived image needs the time it was archived; describe-images prints it. ${HOW_TO_GET_IT}`);
  }
  const optional = (key: string, value: number | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    digest: imageDigest,
    tags: imageTags,
    pushedAt,
    sizeBytes: imageSizeInBytes,
    storageClass,
    ...optional("lastPulledAt", timeAt(entry, "lastRecordedPullTime", place)),
    ...optional("lastArchivedAt", lastArchivedAt),
    ...optional("lastActivatedAt", timeAt(entry, "lastActivatedAt", place)),
  };
}

/** Parse the text of a `describe-images` output file; `source` names it in error messages. */
export function parseDescribeImages(text: string, source: string): DescribeImagesOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PreviewInputError(`${source}: not JSON (${(error as Error).message}). ${HOW_TO_GET_IT}`);
  }
  if (!isRecord(raw) || !Array.isArray(raw.imageDetails)) {
    throw new PreviewInputError(`${source}: not "aws ecr describe-images" output: expected an object with an "imageDetails" list. ${HOW_TO_GET_IT}`);
  }
  if (raw.nextToken !== undefined) {
    throw new PreviewInputError(
      `${source}: holds one page only ("nextToken" is set), and count rules need every image. Run describe-images without --max-items or --no-paginate.`,
    );
  }
  const images = raw.imageDetails.map((entry, i) => imageAt(entry, `${source}: imageDetails[${i}]`));
  const repositoryNames = [
    ...new Set(raw.imageDetails.flatMap((entry) => (isRecord(entry) && typeof entry.repositoryName === "string" ? [entry.repositoryName] : []))),
  ];
  return { repositoryNames, images };
}
