/**
 * Datadog's log search syntax ("Log Search Syntax", docs.datadoghq.com/logs/explorer/search_syntax), limited
 * to what our monitor queries use, evaluated against the JSON body a log is sent with (HTTP intake v2):
 * - `key:value` terms joined by spaces or `AND`, `OR`, `-`/`NOT` exclusion and parentheses;
 * - `@a.b:value` searches the attribute `a.b` (nested objects and arrays of objects; an array matches when
 *   any element does); `source`, `service`, `status` and `host` are the reserved attributes (`ddsource`,
 *   `service`, `status`, `hostname` in the body); any other key is a tag from `ddtags` (`tags:x` a bare tag);
 * - values: `\` escapes, `*` (any characters) and `?` (one character) wildcards, `"exact sequences"` and
 *   `key:(a OR b)`; a documented special character left unescaped in a value is an error, as in Datadog.
 * Anything else (free text, `*:` full text, ranges, numeric comparisons, CIDR) throws.
 */

type LogBody = Record<string, unknown>;
type Node =
  | { readonly all: readonly Node[] }
  | { readonly any: readonly Node[] }
  | { readonly not: Node }
  | { readonly key: string; readonly values: readonly RegExp[] };

/** Characters the syntax reserves; they must be escaped inside a value. `*` and `?` are the wildcards; `/` is not special. */
const SPECIAL = new Set(["+", "-", "=", "&", "|", ">", "<", "!", "(", ")", "{", "}", "[", "]", "^", '"', "“", "”", "~", ":", "\\", "#"]);
const RESERVED_ATTRIBUTES: Record<string, string> = { source: "ddsource", service: "service", status: "status", host: "hostname" };

function unsupported(what: string, query: string): never {
  throw new Error(`unsupported log search ${what} in ${JSON.stringify(query)}`);
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

class Parser {
  private at = 0;

  constructor(private readonly query: string) {}

  parse(): Node {
    const node = this.or();
    this.skipSpaces();
    if (this.at < this.query.length) unsupported(`text at ${this.at}`, this.query);
    return node;
  }

  private skipSpaces(): void {
    while (this.query[this.at] === " ") this.at++;
  }

  private keyword(word: string): boolean {
    this.skipSpaces();
    if (this.query.startsWith(`${word} `, this.at) || this.query.startsWith(`${word}(`, this.at)) {
      this.at += word.length;
      return true;
    }
    return false;
  }

  private or(): Node {
    const nodes = [this.and()];
    while (this.keyword("OR")) nodes.push(this.and());
    return nodes.length === 1 ? nodes[0] : { any: nodes };
  }

  private and(): Node {
    const nodes = [this.unary()];
    for (;;) {
      this.skipSpaces();
      const next = this.query[this.at];
      if (next === undefined || next === ")" || this.query.startsWith("OR ", this.at)) break;
      this.keyword("AND");
      nodes.push(this.unary());
    }
    return nodes.length === 1 ? nodes[0] : { all: nodes };
  }

  private unary(): Node {
    this.skipSpaces();
    if (this.query[this.at] === "-") {
      this.at++;
      return { not: this.unary() };
    }
    if (this.keyword("NOT")) return { not: this.unary() };
    if (this.query[this.at] === "(") {
      this.at++;
      const node = this.or();
      this.expect(")");
      return node;
    }
    return this.term();
  }

  private expect(char: string): void {
    this.skipSpaces();
    if (this.query[this.at] !== char) unsupported(`syntax: expected "${char}" at ${this.at}`, this.query);
    this.at++;
  }

  private term(): Node {
    const start = this.at;
    while (this.at < this.query.length && !" :()".includes(this.query[this.at])) {
      if (this.query[this.at] === "\\") this.at++;
      this.at++;
    }
    const key = this.query.slice(start, this.at);
    if (this.query[this.at] !== ":" || key === "") unsupported(`free-text term "${key}"`, this.query);
    if (key === "*") unsupported("full-text search", this.query);
    if (key.startsWith("CIDR")) unsupported("CIDR()", this.query);
    this.at++;
    if (this.query[this.at] !== "(") return { key, values: [this.value()] };
    this.at++;
    const values = [this.value()];
    while (this.keyword("OR")) {
      this.skipSpaces();
      values.push(this.value());
    }
    this.expect(")");
    return { key, values };
  }

  /** One value: a quoted exact sequence, or a bare word with escapes and wildcards. */
  private value(): RegExp {
    const first = this.query[this.at];
    if (first === "[" || first === ">" || first === "<") unsupported("numerical range or comparison", this.query);
    let source = "";
    if (first === '"') {
      this.at++;
      while (this.query[this.at] !== '"') {
        if (this.at >= this.query.length) unsupported("unterminated quotes", this.query);
        if (this.query[this.at] === "\\") this.at++;
        source += escapeRegExp(this.query[this.at++]);
      }
      this.at++;
      return new RegExp(`^${source}$`, "s");
    }
    while (this.at < this.query.length && !" )".includes(this.query[this.at])) {
      const char = this.query[this.at++];
      if (char === "\\") source += escapeRegExp(this.query[this.at++] ?? "");
      else if (char === "*") source += ".*";
      else if (char === "?") source += ".";
      else if (SPECIAL.has(char)) unsupported(`unescaped special character "${char}"`, this.query);
      else source += escapeRegExp(char);
    }
    if (source === "") unsupported(`empty value at ${this.at}`, this.query);
    return new RegExp(`^${source}$`, "s");
  }
}

function attributeValues(node: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((element) => attributeValues(element, path));
  if (path.length === 0) return node === undefined || (typeof node === "object" && node !== null) ? [] : [node];
  if (typeof node !== "object" || node === null) return [];
  return attributeValues((node as Record<string, unknown>)[path[0]], path.slice(1));
}

function tagsOf(log: LogBody): string[] {
  return typeof log.ddtags === "string" ? log.ddtags.split(",").filter((tag) => tag !== "") : [];
}

/** The strings a search key looks at in a log. */
function valuesOf(log: LogBody, key: string): string[] {
  if (key.startsWith("@")) return attributeValues(log, key.slice(1).split(".")).map(String);
  if (key in RESERVED_ATTRIBUTES) return attributeValues(log, [RESERVED_ATTRIBUTES[key]]).map(String);
  if (key === "tags") return tagsOf(log);
  return tagsOf(log)
    .filter((tag) => tag.startsWith(`${key}:`))
    .map((tag) => tag.slice(key.length + 1));
}

function evaluate(node: Node, log: LogBody): boolean {
  if ("all" in node) return node.all.every((n) => evaluate(n, log));
  if ("any" in node) return node.any.some((n) => evaluate(n, log));
  if ("not" in node) return !evaluate(node.not, log);
  const values = valuesOf(log, node.key);
  return node.values.some((pattern) => values.some((value) => pattern.test(value)));
}

/** Whether Datadog's search `query` selects `log` (the body sent to the Logs intake). */
export function matchesLogSearch(query: string, log: LogBody): boolean {
  return evaluate(new Parser(query.trim()).parse(), log);
}

