import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Relative links of README.md and docs/*.md: the file exists, and so does the heading an `#anchor` names. */

const ROOT = path.join(__dirname, "..", "..");
const DOCUMENTS = ["README.md", ...readdirSync(path.join(ROOT, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

/** Markdown outside fenced blocks and code spans, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/**
 * GitHub's anchor for a heading (github-slugger): the rendered text lowercased, everything but letters, digits,
 * spaces, `-` and `_` dropped, each space a `-`; a repeated heading gets `-1`, `-2`...
 */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6} +(.+?)\s*$/gm)) {
    const rendered = text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
    const slug = rendered.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

describe.each(DOCUMENTS)("%s", (document) => {
  const links = [...prose(readFileSync(path.join(ROOT, document), "utf8")).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link));

  it("links only to files that exist", () => {
    const missing = links.filter((link) => {
      const file = link.split("#")[0];
      return file !== "" && !existsSync(path.resolve(ROOT, path.dirname(document), decodeURI(file)));
    });
    expect(missing).toEqual([]);
  });

  it("links only to headings that exist", () => {
    const broken = links.filter((link) => {
      const [file, anchor] = link.split("#");
      if (anchor === undefined) return false;
      const target = file === "" ? path.join(ROOT, document) : path.resolve(ROOT, path.dirname(document), decodeURI(file));
      return !existsSync(target) || !anchorsOf(readFileSync(target, "utf8")).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});

describe("the anchors GitHub gives headings", () => {
  it.each([
    ["## Troubleshooting `Not authorized to perform sts:AssumeRoleWithWebIdentity`", "troubleshooting-not-authorized-to-perform-stsassumerolewithwebidentity"],
    ["## Scanning engines (`environments.<env>.scanning`)", "scanning-engines-environmentsenvscanning"],
    ["## 3. Reference push workflow", "3-reference-push-workflow"],
    ["### Terraform state (S3 bucket, KMS key)", "terraform-state-s3-bucket-kms-key"],
  ])("%s -> #%s", (heading, anchor) => {
    expect([...anchorsOf(`${heading}\n`)]).toEqual([anchor]);
  });

  it("numbers a repeated heading", () => {
    expect([...anchorsOf("## Tests\n\n## Tests\n")]).toEqual(["tests", "tests-1"]);
  });
});
