// A fast path for the YAML most dvc.yaml and params files are made of: block mappings and sequences, one-line
// plain or quoted scalars, one-line flow collections, comments. It builds the very nodes (and ranges) the yaml
// package would, several times faster; on anything else — anchors, tags, block scalars, multi-line scalars, CR,
// tabs, odd indentation, any error — it gives up (undefined) and the caller uses the yaml package.
// test/unit/pipeline-fast-yaml.test.ts checks it node for node against the yaml package.
import { Document, LineCounter, Pair, YAMLMap, YAMLSeq, isMap, isSeq } from 'yaml';
import type { ParsedNode, Scalar } from 'yaml';
import { collectDuplicates, coreValue, scalar, type Duplicate, type Range3 } from './yaml-nodes';

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

interface Line {
  start: number;
  /** Offset of the first non-space character. */
  content: number;
  /** Offset of the line break (or text end). */
  end: number;
  /** Start of the next line (end + 1, or text end). */
  next: number;
}

// Characters that cannot start a plain scalar here (or start something the fast path does not handle).
const UNSAFE_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', '#', '<', ']', '}', ',', ':']);

/** A scalar or flow collection: what ends on its own line. */
const isLeaf = (node: unknown): boolean => !(isMap(node) || isSeq(node)) || node.flow === true;

class FastParser {
  private readonly lines: Line[] = [];
  private i = 0;
  /** Whether the last value read was empty (`key:`): the yaml package's ranges then depend on what follows. */
  lastEmpty = false;
  /** Index of the last line that held content (comment and blank lines after it trail the current block). */
  private lastContent = -1;

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let content = start;
      while (text.charCodeAt(content) === 32) content++;
      this.lines.push({ start, content, end, next: nl < 0 ? end : nl + 1 });
      if (nl < 0) break;
      start = nl + 1;
    }
  }

  lineCounter(): LineCounter {
    const lc = new LineCounter();
    for (const l of this.lines) lc.addNewLine(l.start);
    return lc;
  }

  private blank(l: Line): boolean {
    return l.content >= l.end || this.text.charCodeAt(l.content) === 35; // '#'
  }

  /** Skips blank and comment-only lines; the next meaningful line or undefined. */
  private peek(): Line | undefined {
    while (this.i < this.lines.length && this.blank(this.lines[this.i] as Line)) this.i++;
    return this.lines[this.i];
  }

  document(): ParsedNode | null {
    const first = this.peek();
    if (!first) return null;
    if (first.content !== first.start) bail();
    const node = this.block(first.content, 0, true);
    if (this.peek()) bail();
    return node;
  }

  /** A block node whose first line starts at column `col` (offset `at` on the current line). */
  private block(at: number, col: number, root = false): ParsedNode {
    const line = this.lines[this.i] as Line;
    if (this.isSeqEntry(at)) return at === line.content ? this.seq(col, root) : bail(); // `- - x`: leave it
    if (this.keyEnd(at) >= 0) return this.map(at, col, root);
    const node = this.inline(at, line);
    this.consume();
    return node;
  }

  private isSeqEntry(at: number): boolean {
    const c = this.text.charCodeAt(at + 1);
    return this.text[at] === '-' && (c === 32 || c === 10 || Number.isNaN(c));
  }

  private seq(col: number, root: boolean): ParsedNode {
    const seq = new YAMLSeq();
    let start = -1;
    let end = 0;
    for (let line = this.peek(); line && line.content - line.start === col && this.isSeqEntry(line.content); line = this.peek()) {
      if (start < 0) start = line.content;
      let at = line.content + 1;
      while (this.text.charCodeAt(at) === 32) at++;
      let item: ParsedNode;
      if (at >= line.end || this.text[at] === '#') {
        this.consume();
        const below = this.peek();
        if (below && below.content - below.start > col) item = this.block(below.content, below.content - below.start);
        else item = this.empty(at, below);
      } else {
        item = this.block(at, at - line.start);
      }
      if (isLeaf(item)) {
        this.peek();
        this.noDeeperComment(col);
      }
      seq.items.push(item);
      end = (item.range as Range3)[2];
    }
    seq.range = [start, end, this.trailing(end, col, root, isLeaf(seq.items[seq.items.length - 1]))];
    return seq as ParsedNode;
  }

  private map(first: number, col: number, root: boolean): ParsedNode {
    const map = new YAMLMap();
    let end = 0;
    let at = first;
    for (;;) {
      const line = this.lines[this.i] as Line;
      const colon = this.keyEnd(at);
      if (colon < 0) bail();
      const key = this.key(at, colon);
      if (key.value === '<<') bail(); // merge keys: the yaml package handles them
      let value: ParsedNode;
      let rest = colon + 1;
      while (this.text.charCodeAt(rest) === 32) rest++;
      if (rest >= line.end || this.text[rest] === '#') {
        this.consume();
        const below = this.peek();
        const indent = below ? below.content - below.start : -1;
        if (below && (indent > col || (indent === col && this.isSeqEntry(below.content)))) value = this.block(below.content, indent);
        else value = this.empty(rest, below);
      } else {
        value = this.inline(rest, line);
        this.consume();
        const below = this.peek();
        if (below && below.content - below.start > col) bail(); // continuation of a multi-line scalar, or an error
        this.noDeeperComment(col);
      }
      map.items.push(new Pair(key, value));
      end = (value.range as Range3)[2];
      const next = this.peek();
      if (!next || next.content - next.start !== col || this.isSeqEntry(next.content)) break;
      at = next.content;
    }
    map.range = [first, end, this.trailing(end, col, root, isLeaf(map.items[map.items.length - 1]?.value))];
    collectDuplicates(map, this.duplicates);
    return map as ParsedNode;
  }

  /** Keys repeated in one mapping (same value and type: `1` and `"1"` differ, as in ruamel), found while building. */
  readonly duplicates: Duplicate[] = [];

  /** Moves past the current line, which held content. */
  private consume(): void {
    this.lastContent = this.i;
    this.i++;
  }

  /**
   * Comment lines right after a nested block collection belong to it (stretching its range) when indented at least
   * as far as its entries and not at column 0, as the yaml package does; the top-level collection keeps none. A
   * comment deeper than entries whose last value is a scalar attaches to that value instead, and mixed cases are
   * left to the yaml package.
   */
  private trailing(end: number, col: number, root: boolean, lastIsScalar: boolean): number {
    let stretched = end;
    let closed = false;
    for (let j = this.lastContent + 1; j < this.i; j++) {
      const l = this.lines[j] as Line;
      if (l.content >= l.end) continue;
      const c = l.content - l.start;
      if (lastIsScalar && c > col) bail();
      if (!root && c >= col && c > 0) {
        if (closed) bail();
        // ... up to the next token, like the yaml package.
        stretched = this.lines[this.i]?.content ?? this.text.length;
      } else {
        closed = true;
      }
    }
    return stretched;
  }

  /** A comment indented deeper than `col` after a scalar attaches to it in the yaml package: leave those to it. */
  private noDeeperComment(col: number): void {
    for (let j = this.lastContent + 1; j < this.i; j++) {
      const l = this.lines[j] as Line;
      if (l.content < l.end && l.content - l.start > col) bail();
    }
  }

  /** An empty value (`key:` or `-` with nothing after): where the yaml package puts it. */
  private empty(at: number, below: Line | undefined): ParsedNode {
    // With a comment, the yaml package stretches the node to the next token.
    const end = this.text[at] === '#' ? (below?.content ?? this.text.length) : at;
    this.lastEmpty = true;
    return scalar(null, [at, at, end], 'PLAIN', '') as ParsedNode;
  }

  /** Offset of the `:` ending a block mapping key that starts at `at`, or -1. */
  private keyEnd(at: number): number {
    const t = this.text;
    const q = t[at];
    let i = at;
    if (q === '"' || q === "'") {
      i = this.quotedEnd(at);
      return t[i] === ':' && (t.charCodeAt(i + 1) === 32 || t.charCodeAt(i + 1) === 10 || i + 1 >= t.length) ? i : -1;
    }
    for (; i < t.length && t[i] !== '\n'; i++) {
      if (t[i] === ':' && (t.charCodeAt(i + 1) === 32 || t.charCodeAt(i + 1) === 10 || i + 1 >= t.length)) return i;
      if (t[i] === '#' && t[i - 1] === ' ') return -1;
    }
    return -1;
  }

  private key(at: number, colon: number): Scalar {
    const q = this.text[at];
    if (q === '"' || q === "'") {
      const close = this.quotedEnd(at);
      if (close !== colon) bail();
      return this.quoted(at, close, close);
    }
    const raw = this.text.slice(at, colon);
    const source = raw.trimEnd();
    if (source !== raw || UNSAFE_START.has(source[0] as string) || source.startsWith('- ') || /[\t\r]/.test(source)) bail();
    if (source[0] === '[' || source[0] === '{' || source === '-') bail();
    const end = at + source.length;
    return scalar(coreValue(source), [at, end, end], 'PLAIN', source);
  }

  /** A one-line value starting at `at`: flow collection, quoted or plain scalar. Ranges end with the line. */
  private inline(at: number, line: Line): ParsedNode {
    this.lastEmpty = false;
    const c = this.text[at] as string;
    let node: ParsedNode;
    let after: number;
    if (c === '[' || c === '{') {
      const r = this.flow(at, line.end);
      node = r.node;
      after = r.end;
    } else if (c === '"' || c === "'") {
      const close = this.quotedEnd(at);
      if (close > line.end) bail();
      node = this.quoted(at, close, close) as ParsedNode;
      after = close;
    } else {
      if (UNSAFE_START.has(c) || (c === '-' && this.isSeqEntry(at))) bail();
      let end = at;
      for (; end < line.end; end++) {
        const ch = this.text[end];
        if (ch === '#' && this.text[end - 1] === ' ') break;
        if (ch === ':' && (this.text.charCodeAt(end + 1) === 32 || end + 1 === line.end)) bail(); // a nested mapping
        if (ch === '\t' || ch === '\r') bail();
      }
      const source = this.text.slice(at, end).trimEnd();
      node = scalar(coreValue(source), [at, at + source.length, line.next], 'PLAIN', source) as ParsedNode;
      return node;
    }
    let rest = after;
    while (this.text.charCodeAt(rest) === 32) rest++;
    if (rest < line.end && !(this.text[rest] === '#' && rest > after)) bail();
    (node.range as Range3)[2] = line.next;
    return node;
  }

  /** Offset just after the closing quote of the quoted scalar at `at` (on one line), or bails. */
  private quotedEnd(at: number): number {
    const t = this.text;
    const q = t[at];
    for (let i = at + 1; i < t.length; i++) {
      const ch = t[i];
      if (ch === '\n' || ch === '\r' || ch === '\t') bail();
      if (q === '"' && ch === '\\') {
        i++;
        continue;
      }
      if (ch === q) {
        if (q === "'" && t[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return bail();
  }

  private quoted(at: number, close: number, end: number): Scalar {
    const body = this.text.slice(at + 1, close - 1);
    let value: string;
    if (this.text[at] === "'") value = body.replace(/''/g, "'");
    else if (!body.includes('\\')) value = body;
    else {
      value = body.replace(/\\(.)/g, (_m, e: string) => {
        const simple: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', ' ': ' ', '0': '\0', r: '\r' };
        return simple[e] ?? bail();
      });
    }
    return scalar(value, [at, close, end], this.text[at] === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', value);
  }

  /** A flow collection closed on the same line. */
  private flow(at: number, limit: number): { node: ParsedNode; end: number } {
    const t = this.text;
    const isMap = t[at] === '{';
    const close = isMap ? '}' : ']';
    const coll = isMap ? new YAMLMap() : new YAMLSeq();
    coll.flow = true;
    let i = at + 1;
    const skip = () => {
      while (t.charCodeAt(i) === 32) i++;
    };
    skip();
    while (t[i] !== close) {
      if (i >= limit) bail();
      const item = this.flowItem(i, limit);
      i = item.end;
      if (!isMap) skip();
      if (isMap) {
        if (t[i] !== ':' || t.charCodeAt(i + 1) !== 32) bail();
        i += 1;
        skip();
        const value = this.flowItem(i, limit);
        i = value.end;
        skip();
        (coll as YAMLMap).items.push(new Pair(item.node, value.node));
        (value.node.range as Range3)[2] = i;
      } else {
        (coll as YAMLSeq).items.push(item.node);
      }
      (item.node.range as Range3)[2] = isMap ? (item.node.range as Range3)[1] : i;
      if (t[i] === ',') {
        i++;
        skip();
        if (t[i] === close) bail(); // trailing comma: leave the exact ranges to the yaml package
      } else if (t[i] !== close) bail();
    }
    coll.range = [at, i + 1, i + 1];
    if (isMap) collectDuplicates(coll as YAMLMap, this.duplicates);
    return { node: coll as ParsedNode, end: i + 1 };
  }

  private flowItem(at: number, limit: number): { node: ParsedNode; end: number } {
    const t = this.text;
    const c = t[at] as string;
    if (c === '[' || c === '{') return this.flow(at, limit);
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at);
      return { node: this.quoted(at, close, close) as ParsedNode, end: close };
    }
    if (UNSAFE_START.has(c) || c === '-' || c === '[' || c === '{') bail();
    let end = at;
    while (end < limit && !',[]{}#:'.includes(t[end] as string) && t[end] !== '\t') end++;
    if (t[end] === ':' && t.charCodeAt(end + 1) !== 32) bail(); // `a:b` inside flow: leave it to the yaml package
    if ('[{#'.includes(t[end] as string)) bail();
    const source = t.slice(at, end).trimEnd();
    if (source === '') bail();
    const stop = at + source.length;
    return { node: scalar(coreValue(source), [at, stop, stop], 'PLAIN', source) as ParsedNode, end: stop };
  }
}

/** The document and line counter the yaml package would produce, or undefined when the text needs the full parser. */
export interface FastParse {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Repeated keys (the second occurrence and the first), as the yaml package's `uniqueKeys` would refuse them. */
  duplicates: readonly Duplicate[];
}

export function parseFast(text: string): FastParse | undefined {
  if (text.includes('\r') || text.includes('\t') || text.startsWith('%') || /^(?:---|\.\.\.)(?:\s|$)/m.test(text)) return undefined;
  const parser = new FastParser(text);
  let contents: ParsedNode | null;
  try {
    contents = parser.document();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
  // An empty last value (or an empty document): the yaml package stretches ranges over what trails; leave it to it.
  if (contents === null || parser.lastEmpty) return undefined;
  const doc = new Document(null, { merge: true, uniqueKeys: false }) as unknown as Document.Parsed;
  doc.contents = contents;
  const end = (contents.range as Range3)[2];
  (doc as { range: Range3 }).range = [(contents.range as Range3)[0], end, text.length];
  return { doc, lines: parser.lineCounter(), duplicates: parser.duplicates };
}
