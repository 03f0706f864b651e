/** The preview as a readable summary or as JSON, with storage per storage class and its monthly cost. */
import { actionOf, type LifecycleRule, type StorageClass } from "../../constructs/registry/lifecycle-rules";
import type { Image, LifecyclePreview, RuleOutcome } from "./evaluate";

/**
 * US dollars per GB-month, https://aws.amazon.com/ecr/pricing/: standard storage $0.10 in most
 * regions; the archive storage class is billed the same for the first 150 TB a month ($0.07
 * above), plus a per-GB fee to restore and a 90-day minimum. `--price-per-gb` and
 * `--archive-price-per-gb` override them.
 */
export const DEFAULT_PRICES: Readonly<Record<StorageClass, number>> = { standard: 0.1, archive: 0.1 };

/** How many images of each kind a rule lists in the text report unless `--all` is given. */
export const FIRST_IMAGES = 5;

/** AWS bills storage per GB of 2^30 bytes. */
const BYTES_PER_GB = 1024 ** 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReportContext {
  readonly environment: string;
  readonly repository: string;
  readonly now: Date;
  readonly pricesPerGbMonth: Readonly<Record<StorageClass, number>>;
  /** List every image of each rule instead of the first {@link FIRST_IMAGES}. */
  readonly all?: boolean;
}

const totalBytes = (images: readonly Image[]) => images.reduce((sum, image) => sum + image.sizeBytes, 0);
const monthlyCost = (bytes: number, price: number) => Math.round((bytes / BYTES_PER_GB) * price * 100) / 100;

/** `tagged patterns ["v*.*.*"], beyond the newest 30 -> archive`: what the rule selects, counts and does. */
export function describeRule(rule: LifecycleRule): string {
  const lists = [
    rule.tagPrefixList && `prefixes ${JSON.stringify(rule.tagPrefixList)}`,
    rule.tagPatternList && `patterns ${JSON.stringify(rule.tagPatternList)}`,
  ].filter(Boolean);
  const days = `more than ${rule.countNumber} days`;
  const count = {
    imageCountMoreThan: `beyond the newest ${rule.countNumber}`,
    sinceImagePushed: `pushed ${days} ago`,
    sinceImagePulled: `not pulled for ${days}`,
    sinceImageTransitioned: `archived ${days} ago`,
  }[rule.countType];
  const storage = rule.storageClass === "archive" ? " (archived images)" : "";
  const action = actionOf(rule).type === "transition" ? "archive" : "expire";
  return `${rule.tagStatus}${lists.length > 0 ? ` ${lists.join(" ")}` : ""}${storage}, ${count} -> ${action}`;
}

function tieWarning(outcome: RuleOutcome): string[] {
  if (!outcome.tie) return [];
  const { kept, expired } = outcome.tie;
  return [
    `rule ${outcome.rule.rulePriority}: ${kept.digest} and ${expired.digest} were pushed at the same time; ECR does not document ` +
      `which one it keeps. This preview keeps ${kept.digest} (the greater digest).`,
  ];
}

/** The images a rule selects that no rule expires or archives. */
function keptOf(preview: LifecyclePreview, outcome: RuleOutcome): Image[] {
  return outcome.selected.filter((image) => preview.kept.includes(image));
}

/** The images no rule selects: ECR never acts on them. */
function unselectedOf(preview: LifecyclePreview): Image[] {
  return preview.kept.filter((image) => !preview.rules.some((outcome) => outcome.selected.includes(image)));
}

function imageJson(image: Image) {
  return {
    imageDigest: image.digest,
    imageTags: image.tags,
    imagePushedAt: new Date(image.pushedAt).toISOString(),
    imageSizeInBytes: image.sizeBytes,
    storageClass: image.storageClass,
  };
}

/** Bytes in each storage class before and after the rules act: archiving moves bytes, expiring removes them. */
function storageTotals(preview: LifecyclePreview) {
  const all = [...preview.kept, ...preview.archived, ...preview.expired];
  const inClass = (images: readonly Image[], storageClass: StorageClass) => images.filter((image) => image.storageClass === storageClass);
  return {
    standard: { before: totalBytes(inClass(all, "standard")), after: totalBytes(inClass(preview.kept, "standard")) },
    archive: { before: totalBytes(inClass(all, "archive")), after: totalBytes([...inClass(preview.kept, "archive"), ...preview.archived]) },
  };
}

/** Archived images ECR can delete only after 90 days in the archive; earlier deletion is billed for the remaining days. */
function earlyDeletions(preview: LifecyclePreview, now: Date): Image[] {
  return preview.expired.filter((image) => image.storageClass === "archive" && now.getTime() - (image.lastArchivedAt ?? 0) < 90 * DAY_MS);
}

/** The machine-readable report (`--json`): every image, per rule and in total. */
export function previewJson(preview: LifecyclePreview, context: ReportContext) {
  const bytes = storageTotals(preview);
  const cost = (storageClass: StorageClass) => ({
    before: monthlyCost(bytes[storageClass].before, context.pricesPerGbMonth[storageClass]),
    after: monthlyCost(bytes[storageClass].after, context.pricesPerGbMonth[storageClass]),
  });
  const standard = cost("standard");
  const archive = cost("archive");
  const images = preview.kept.length + preview.archived.length + preview.expired.length;
  return {
    environment: context.environment,
    repository: context.repository,
    now: context.now.toISOString(),
    pricesPerGbMonth: context.pricesPerGbMonth,
    rules: preview.rules.map((outcome) => ({
      rulePriority: outcome.rule.rulePriority,
      description: outcome.rule.description ?? null,
      selection: describeRule(outcome.rule),
      selected: outcome.selected.length,
      shielded: outcome.shielded.length,
      expired: outcome.expired.map(imageJson),
      archived: outcome.archived.map(imageJson),
      kept: keptOf(preview, outcome).map(imageJson),
      bytesFreed: totalBytes(outcome.expired),
      bytesArchived: totalBytes(outcome.archived),
    })),
    unselected: unselectedOf(preview).map(imageJson),
    kept: preview.kept.map(imageJson),
    archived: preview.archived.map(imageJson),
    expired: preview.expired.map(imageJson),
    totals: {
      images: { before: images, after: images - preview.expired.length, expired: preview.expired.length, archived: preview.archived.length },
      bytes,
      monthlyCostUsd: {
        standard,
        archive,
        total: { before: Math.round((standard.before + archive.before) * 100) / 100, after: Math.round((standard.after + archive.after) * 100) / 100 },
      },
    },
    warnings: [
      ...preview.rules.flatMap(tieWarning),
      ...earlyDeletions(preview, context.now).map(
        (image) => `${image.digest} has been archived for less than 90 days: ECR bills the rest of the 90-day minimum when it is deleted.`,
      ),
    ],
  };
}

function size(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `    ${row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()}`);
}

const HEADER = ["ACTION", "DIGEST", "TAGS", "PUSHED", "SIZE"];

function imageRow(action: string, image: Image): string[] {
  const tags = image.tags.length > 0 ? image.tags.join(",") : "<untagged>";
  return [action, image.digest, image.storageClass === "archive" ? `${tags} [archived]` : tags, new Date(image.pushedAt).toISOString(), size(image.sizeBytes)];
}

/** Rows for `images` under `action`: all of them with `--all`, else the first few and a line saying how many more. */
function rowsOf(action: string, images: readonly Image[], all: boolean): { rows: string[][]; more: string | undefined } {
  const shown = all ? images : images.slice(0, FIRST_IMAGES);
  const hidden = images.length - shown.length;
  return { rows: shown.map((image) => imageRow(action, image)), more: hidden > 0 ? `${hidden} more to ${action.toLowerCase()}` : undefined };
}

function imageLines(groups: readonly [string, readonly Image[]][], all: boolean): string[] {
  const parts = groups.map(([action, images]) => rowsOf(action, images, all));
  const rows = parts.flatMap((part) => part.rows);
  const more = parts.flatMap((part) => (part.more ? [part.more] : []));
  return [
    ...(rows.length > 0 ? table([HEADER, ...rows]) : []),
    ...(more.length > 0 ? [`    ... and ${more.join(", ")} (--all lists every image)`] : []),
  ];
}

function ruleLines(preview: LifecyclePreview, outcome: RuleOutcome, all: boolean): string[] {
  const kept = keptOf(preview, outcome);
  const description = outcome.rule.description ? ` "${outcome.rule.description}"` : "";
  const acted = [
    `expires ${outcome.expired.length} (${size(totalBytes(outcome.expired))})`,
    ...(actionOf(outcome.rule).type === "transition" ? [`archives ${outcome.archived.length} (${size(totalBytes(outcome.archived))})`] : []),
  ];
  const shielded = outcome.shielded.length > 0 ? ` (${outcome.shielded.length} of them selected by a higher rule, which this rule cannot touch)` : "";
  return [
    "",
    `Rule ${outcome.rule.rulePriority}${description}: ${describeRule(outcome.rule)}`,
    `  selects ${outcome.selected.length}${shielded}: ${acted.join(", ")}, keeps ${kept.length}`,
    ...imageLines([["EXPIRE", outcome.expired], ["ARCHIVE", outcome.archived], ["keep", kept]], all),
  ];
}

/** The human-readable report: per rule a summary and its first images, then storage and cost per storage class. */
export function previewTable(preview: LifecyclePreview, context: ReportContext): string {
  const json = previewJson(preview, context);
  const all = context.all ?? false;
  const dollars = (value: number) => `$${value.toFixed(2)}`;
  const { images, bytes, monthlyCostUsd } = json.totals;
  const lines = [
    `Lifecycle preview of ${context.repository} in ${context.environment} at ${json.now}: ${images.before} images, ${size(bytes.standard.before + bytes.archive.before)}`,
    ...preview.rules.flatMap((outcome) => ruleLines(preview, outcome, all)),
  ];
  const unselected = unselectedOf(preview);
  if (unselected.length > 0) {
    lines.push("", `No rule selects ${unselected.length} image(s); they stay:`, ...imageLines([["keep", unselected]], all));
  }
  const classLine = (label: string, storageClass: StorageClass) =>
    `${label}${size(bytes[storageClass].before)} -> ${size(bytes[storageClass].after)}, ` +
    `${dollars(monthlyCostUsd[storageClass].before)} -> ${dollars(monthlyCostUsd[storageClass].after)} a month at ${dollars(context.pricesPerGbMonth[storageClass])}/GB-month`;
  lines.push(
    "",
    `Images:       ${images.before} -> ${images.after} (${images.expired} expired, ${images.archived} archived)`,
    classLine("Standard:     ", "standard"),
    classLine("Archive:      ", "archive") + " (not pullable until restored; restoring is billed per GB; 90-day minimum)",
    `Monthly cost: ${dollars(monthlyCostUsd.total.before)} -> ${dollars(monthlyCostUsd.total.after)} (an upper bound: layers shared with kept images stay billed)`,
  );
  for (const warning of json.warnings) lines.push(`WARNING: ${warning}`);
  return `${lines.join("\n")}\n`;
}
