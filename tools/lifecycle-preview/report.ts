/** The preview as a readable table or as JSON, with storage and its monthly cost. */
import type { LifecycleRule } from "../../constructs/registry/lifecycle-rules";
import type { Image, LifecyclePreview, RuleOutcome } from "./evaluate";

/** ECR's published price for private repository storage in most regions; `--price-per-gb` overrides it. */
export const DEFAULT_PRICE_PER_GB_MONTH = 0.1;

/** AWS bills storage per GB of 2^30 bytes. */
const BYTES_PER_GB = 1024 ** 3;

export interface ReportContext {
  readonly environment: string;
  readonly repository: string;
  readonly now: Date;
  readonly pricePerGbMonth: number;
}

const totalBytes = (images: readonly Image[]) => images.reduce((sum, image) => sum + image.sizeBytes, 0);
const monthlyCost = (bytes: number, price: number) => Math.round((bytes / BYTES_PER_GB) * price * 100) / 100;

/** `tagged ["v"] (prefixes), more than 30 images` — what the rule selects and counts. */
export function describeRule(rule: LifecycleRule): string {
  const lists = [
    rule.tagPrefixList && `prefixes ${JSON.stringify(rule.tagPrefixList)}`,
    rule.tagPatternList && `patterns ${JSON.stringify(rule.tagPatternList)}`,
  ].filter(Boolean);
  const count =
    rule.countType === "imageCountMoreThan" ? `beyond the newest ${rule.countNumber}` : `pushed more than ${rule.countNumber} days ago`;
  return `${rule.tagStatus}${lists.length > 0 ? ` ${lists.join(" ")}` : ""}, ${count}`;
}

function tieWarning(outcome: RuleOutcome): string[] {
  if (!outcome.tie) return [];
  const { kept, expired } = outcome.tie;
  return [
    `rule ${outcome.rule.rulePriority}: ${kept.digest} and ${expired.digest} were pushed at the same time; ECR does not document ` +
      `which one it keeps. This preview keeps ${kept.digest} (the greater digest).`,
  ];
}

/** The images a rule selects that no rule expires. */
function keptOf(preview: LifecyclePreview, outcome: RuleOutcome): Image[] {
  return outcome.selected.filter((image) => preview.kept.includes(image));
}

/** The images no rule selects: ECR never expires them. */
function unselectedOf(preview: LifecyclePreview): Image[] {
  return preview.kept.filter((image) => !preview.rules.some((outcome) => outcome.selected.includes(image)));
}

function imageJson(image: Image) {
  return {
    imageDigest: image.digest,
    imageTags: image.tags,
    imagePushedAt: new Date(image.pushedAt).toISOString(),
    imageSizeInBytes: image.sizeBytes,
  };
}

/** The machine-readable report (`--json`). */
export function previewJson(preview: LifecyclePreview, context: ReportContext) {
  const before = totalBytes([...preview.kept, ...preview.expired]);
  const after = totalBytes(preview.kept);
  return {
    environment: context.environment,
    repository: context.repository,
    now: context.now.toISOString(),
    pricePerGbMonth: context.pricePerGbMonth,
    rules: preview.rules.map((outcome) => ({
      rulePriority: outcome.rule.rulePriority,
      description: outcome.rule.description ?? null,
      selection: describeRule(outcome.rule),
      expired: outcome.expired.map(imageJson),
      kept: keptOf(preview, outcome).map(imageJson),
      bytesFreed: totalBytes(outcome.expired),
    })),
    unselected: unselectedOf(preview).map(imageJson),
    kept: preview.kept.map(imageJson),
    expired: preview.expired.map(imageJson),
    totals: {
      images: { before: preview.kept.length + preview.expired.length, after: preview.kept.length },
      bytes: { before, after, freed: before - after },
      monthlyCostUsd: { before: monthlyCost(before, context.pricePerGbMonth), after: monthlyCost(after, context.pricePerGbMonth) },
    },
    warnings: preview.rules.flatMap(tieWarning),
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

function imageRow(action: string, image: Image): string[] {
  return [action, image.digest, image.tags.length > 0 ? image.tags.join(",") : "<untagged>", new Date(image.pushedAt).toISOString(), size(image.sizeBytes)];
}

/** The human-readable report: per rule what it expires and keeps, then storage and cost. */
export function previewTable(preview: LifecyclePreview, context: ReportContext): string {
  const json = previewJson(preview, context);
  const dollars = (value: number) => `$${value.toFixed(2)}`;
  const lines = [
    `Lifecycle preview of ${context.repository} in ${context.environment} at ${json.now}: ${json.totals.images.before} images, ${size(json.totals.bytes.before)}`,
  ];
  preview.rules.forEach((outcome, i) => {
    const kept = keptOf(preview, outcome);
    const description = outcome.rule.description ? ` "${outcome.rule.description}"` : "";
    lines.push("", `Rule ${outcome.rule.rulePriority}${description}: ${describeRule(outcome.rule)}`);
    lines.push(`  expires ${outcome.expired.length} (${size(json.rules[i].bytesFreed)}), keeps ${kept.length} of the ${outcome.selected.length} it selects`);
    const rows = [...outcome.expired.map((image) => imageRow("EXPIRE", image)), ...kept.map((image) => imageRow("keep", image))];
    if (rows.length > 0) lines.push(...table([["ACTION", "DIGEST", "TAGS", "PUSHED", "SIZE"], ...rows]));
  });
  const unselected = unselectedOf(preview);
  if (unselected.length > 0) {
    lines.push("", `No rule selects ${unselected.length} image(s); they stay:`);
    lines.push(...table([["ACTION", "DIGEST", "TAGS", "PUSHED", "SIZE"], ...unselected.map((image) => imageRow("keep", image))]));
  }
  const { images, bytes, monthlyCostUsd } = json.totals;
  lines.push(
    "",
    `Images:       ${images.before} -> ${images.after} (${images.before - images.after} expired)`,
    `Storage:      ${size(bytes.before)} -> ${size(bytes.after)} (up to ${size(bytes.freed)} freed; layers shared with kept images stay billed)`,
    `Monthly cost: ${dollars(monthlyCostUsd.before)} -> ${dollars(monthlyCostUsd.after)} at ${dollars(context.pricePerGbMonth)}/GB-month`,
  );
  for (const warning of json.warnings) lines.push(`WARNING: ${warning}`);
  return `${lines.join("\n")}\n`;
}
