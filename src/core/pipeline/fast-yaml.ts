// A fast path for the YAML most dvc.yaml, dvc.lock and params files are made of: block mappings and sequences,
// one-line plain or quoted scalars, plain map values folded over several lines (how DVC writes a long `cmd` in
// dvc.lock), one-line flow collections (read by yaml-flow.ts), comments. It builds the very nodes (and ranges) the
// yaml package would, several times faster; on anything else — anchors, tags, block scalars, other multi-line
// scalars, CR, tabs, odd indentation, any error — it gives up (undefined) and the caller uses the yaml package. test/unit/pipeline-fast-yaml.test.ts checks it node for node against the yaml package.
import { Document, LineCounter, isMap, isSeq } from 'yaml';
import type { ParsedNode, Scalar } from 'yaml';
import { collectDuplicates, mapNode, pair, scalar, seqNode, type Duplicate, type Range3 } from './yaml-nodes';
import { MAX_NESTING } from './nesting';
import { plainValue, RUAMEL_SCHEMA } from './yaml-scalars';
import { FlowReader } from './yaml-flow';
import { Bail, bail, continuationEnd, oddSpace, quoted, quotedEnd, unsafeStart } from './yaml-text';

// Character codes the scanner tests, as module constants (an imported binding costs a property read each use).
const LF = 10,
  SPACE = 32,
  DQUOTE = 34,
  HASH = 35,
  SQUOTE = 39,
  DASH = 45,
  COLON = 58,
  LBRACKET = 91,
  LBRACE = 123;

/** A scalar or flow collection: what ends on its own line. */
const isLeaf = (node: unknown): boolean => !(isMap(node) || isSeq(node)) || node.flow === true;

class FastParser {
  // Line `k` spans starts[k]..ends[k] (the line break or text end); contents[k] is its first non-space offset.
  private readonly starts: Int32Array;
  private readonly contents: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  private i = 0;
  /** Collections open at this point (block and flow). */
  private depth = 0;
  /** Whether the last value read was empty (`key:`): the yaml package's ranges then depend on what follows. */
  lastEmpty = false;
  /** Index of the last line that held content (comment and blank lines after it trail the current block). */
  private lastContent = -1;
  /** Keys repeated in one mapping (same value and type: `1` and `"1"` differ, as in ruamel), found while building. */
  readonly duplicates: Duplicate[] = [];

  constructor(private readonly text: string) {
    let count = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) count++;
    this.count = count;
    this.starts = new Int32Array(count);
    this.contents = new Int32Array(count);
    this.ends = new Int32Array(count);
    let start = 0;
    for (let k = 0; k < count; k++) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let content = start;
      while (text.charCodeAt(content) === SPACE) content++;
      this.starts[k] = start;
      this.contents[k] = content;
      this.ends[k] = end;
      start = end + 1;
    }
  }

  lineCounter(): LineCounter {
    const lc = new LineCounter();
    for (let k = 0; k < this.count; k++) lc.lineStarts.push(this.starts[k] as number);
    return lc;
  }

  /** Start of the line after line `k` (the text end for the last line). */
  private next(k: number): number {
    return Math.min((this.ends[k] as number) + 1, this.text.length);
  }

  private indent(k: number): number {
    return (this.contents[k] as number) - (this.starts[k] as number);
  }

  /** Whether line `k` holds nothing but spaces or a comment. */
  private blank(k: number): boolean {
    const c = this.contents[k] as number;
    return c >= (this.ends[k] as number) || this.text.charCodeAt(c) === HASH;
  }

  /** Skips blank and comment-only lines; the next meaningful line, or -1. */
  private peek(): number {
    while (this.i < this.count && this.blank(this.i)) this.i++;
    return this.i < this.count ? this.i : -1;
  }

  document(): ParsedNode | null {
    const first = this.peek();
    if (first < 0) return null;
    if (this.indent(first) !== 0) bail();
    const node = this.block(this.contents[first] as number, 0, true);
    if (this.peek() >= 0) bail();
    return node;
  }

  /** A block node whose first line starts at column `col` (offset `at` on the current line). */
  private block(at: number, col: number, root = false): ParsedNode {
    // Deeper documents are the full parser's (which reports them); bailing keeps this recursion shallow.
    if (++this.depth > MAX_NESTING) bail();
    const node = this.blockNode(at, col, root);
    this.depth--;
    return node;
  }

  private blockNode(at: number, col: number, root: boolean): ParsedNode {
    const line = this.i;
    if (this.isSeqEntry(at)) return at === this.contents[line] ? this.seq(col, root) : bail(); // `- - x`: leave it
    const colon = this.keyEnd(at);
    if (colon >= 0) return this.map(at, colon, col, root);
    const node = this.inline(at, line);
    this.consume();
    return node;
  }

  private isSeqEntry(at: number): boolean {
    const c = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === DASH && (c === SPACE || c === LF || Number.isNaN(c));
  }

  private seq(col: number, root: boolean): ParsedNode {
    const t = this.text;
    const seq = seqNode(false);
    let start = -1;
    let end = 0;
    for (
      let line = this.peek();
      line >= 0 && this.indent(line) === col && this.isSeqEntry(this.contents[line] as number);
      line = this.peek()
    ) {
      const content = this.contents[line] as number;
      if (start < 0) start = content;
      let at = content + 1;
      while (t.charCodeAt(at) === SPACE) at++;
      let item: ParsedNode;
      if (at >= (this.ends[line] as number) || t.charCodeAt(at) === HASH) {
        this.consume();
        const below = this.peek();
        if (below >= 0 && this.indent(below) > col)
          item = this.block(this.contents[below] as number, this.indent(below));
        else item = this.empty(at, below);
      } else {
        item = this.block(at, at - (this.starts[line] as number));
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

  /** A block mapping whose first key starts at `first` and ends at the `:` at `colon`. */
  private map(first: number, colon: number, col: number, root: boolean): ParsedNode {
    const t = this.text;
    const map = mapNode(false);
    let end = 0;
    let at = first;
    for (;;) {
      const line = this.i;
      if (colon < 0) bail();
      const key = this.key(at, colon);
      if (key.value === '<<') bail(); // merge keys: the yaml package handles them
      let value: ParsedNode;
      let rest = colon + 1;
      while (t.charCodeAt(rest) === SPACE) rest++;
      if (rest >= (this.ends[line] as number) || t.charCodeAt(rest) === HASH) {
        this.consume();
        const below = this.peek();
        const indent = below >= 0 ? this.indent(below) : -1;
        if (below >= 0 && (indent > col || (indent === col && this.isSeqEntry(this.contents[below] as number))))
          value = this.block(this.contents[below] as number, indent);
        else value = this.empty(rest, below);
      } else {
        value = this.inline(rest, line);
        this.consume();
        if ((value as Scalar).type === 'PLAIN') this.fold(value as Scalar, line, col);
        const below = this.peek();
        if (below >= 0 && this.indent(below) > col) bail(); // a continuation fold() left, or an error
        this.noDeeperComment(col);
      }
      map.items.push(pair(key, value));
      end = (value.range as Range3)[2];
      const next = this.peek();
      if (next < 0 || this.indent(next) !== col || this.isSeqEntry(this.contents[next] as number)) break;
      at = this.contents[next] as number;
      colon = this.keyEnd(at);
    }
    map.range = [first, end, this.trailing(end, col, root, isLeaf(map.items[map.items.length - 1]?.value))];
    collectDuplicates(map, this.duplicates);
    return map as ParsedNode;
  }

  /**
   * Folds the lines right below a plain map value into it when they are indented deeper than its key (`col`): the
   * multi-line plain scalar DVC writes for every `cmd` longer than a line in dvc.lock. Lines join with one space,
   * each trimmed, as the yaml package folds them; a blank or comment line, a `: ` or ` #`, or odd whitespace at
   * either end stops the fast path (the caller then bails on what is left below).
   */
  private fold(node: Scalar, line: number, col: number): void {
    const t = this.text;
    const range = node.range as Range3;
    // A comment after the first line's value ends the scalar: nothing below continues it.
    for (let j = range[1]; j < (this.ends[line] as number); j++) if (t.charCodeAt(j) !== SPACE) return;
    let end = range[1];
    let last = -1;
    const parts: string[] = [node.source as string];
    for (let k = this.i; k < this.count && !this.blank(k) && this.indent(k) > col; k = this.i) {
      const at = this.contents[k] as number;
      const stop = continuationEnd(t, at, this.ends[k] as number);
      parts.push(t.slice(at, stop));
      end = stop;
      last = k;
      this.consume();
    }
    if (last < 0) return;
    const source = parts.join(' ');
    node.value = plainValue(source);
    (node as { source: string }).source = source;
    node.range = [range[0], end, this.next(last)];
  }

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
      if ((this.contents[j] as number) >= (this.ends[j] as number)) continue;
      const c = this.indent(j);
      if (lastIsScalar && c > col) bail();
      if (!root && c >= col && c > 0) {
        if (closed) bail();
        // ... up to the next token, like the yaml package.
        stretched = this.i < this.count ? (this.contents[this.i] as number) : this.text.length;
      } else {
        closed = true;
      }
    }
    return stretched;
  }

  /** A comment indented deeper than `col` after a scalar attaches to it in the yaml package: leave those to it. */
  private noDeeperComment(col: number): void {
    for (let j = this.lastContent + 1; j < this.i; j++) {
      if ((this.contents[j] as number) < (this.ends[j] as number) && this.indent(j) > col) bail();
    }
  }

  /** An empty value (`key:` or `-` with nothing after, before line `below` or -1): where the yaml package puts it. */
  private empty(at: number, below: number): ParsedNode {
    // Comment lines after it stretch the node (and so its parent) in the yaml package, by rules that depend on their
    // indentation and on blank lines: leave those to it.
    for (let j = this.lastContent + 1; j < this.i; j++)
      if ((this.contents[j] as number) < (this.ends[j] as number)) bail();
    // With a comment, the yaml package stretches the node to the next token.
    const end =
      this.text.charCodeAt(at) === HASH ? (below >= 0 ? (this.contents[below] as number) : this.text.length) : at;
    this.lastEmpty = true;
    return scalar(null, [at, at, end], 'PLAIN', '') as ParsedNode;
  }

  /** Whether a `:` at `i` ends a key (followed by a space, a line break or the text end). */
  private keyColon(i: number): boolean {
    const t = this.text;
    if (t.charCodeAt(i) !== COLON) return false;
    const c = t.charCodeAt(i + 1);
    return c === SPACE || c === LF || i + 1 >= t.length;
  }

  /** Offset of the `:` ending a block mapping key that starts at `at`, or -1. */
  private keyEnd(at: number): number {
    const t = this.text;
    const q = t.charCodeAt(at);
    if (q === DQUOTE || q === SQUOTE) {
      const i = quotedEnd(this.text, at);
      return this.keyColon(i) ? i : -1;
    }
    for (let i = at; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === LF) break;
      if (c === COLON && this.keyColon(i)) return i;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  private key(at: number, colon: number): Scalar {
    const t = this.text;
    const q = t.charCodeAt(at);
    if (q === DQUOTE || q === SQUOTE) {
      const close = quotedEnd(this.text, at);
      if (close !== colon) bail();
      return quoted(this.text, at, close);
    }
    // An empty key (`: x`): the yaml package places it after the previous entry; leave it to it.
    if (colon === at) bail();
    const last = t.charCodeAt(colon - 1);
    if (last === SPACE || oddSpace(last)) bail(); // `key :`: trailing space belongs to the key in YAML
    if (q < 128 && unsafeStart(q)) bail();
    if (q === DASH && (colon === at + 1 || t.charCodeAt(at + 1) === SPACE)) bail(); // `-` or `- x`
    if (q === LBRACKET || q === LBRACE) bail();
    const source = t.slice(at, colon);
    return scalar(plainValue(source), [at, colon, colon], 'PLAIN', source);
  }

  /** A one-line value starting at `at` on line `line`: flow collection, quoted or plain scalar. Ranges end with the line. */
  private inline(at: number, line: number): ParsedNode {
    this.lastEmpty = false;
    const t = this.text;
    const lineEnd = this.ends[line] as number;
    const c = t.charCodeAt(at);
    let node: ParsedNode;
    let after: number;
    if (c === LBRACKET || c === LBRACE) {
      const flow = new FlowReader(t, this.depth, this.duplicates);
      after = flow.collection(at, lineEnd);
      node = flow.node as ParsedNode;
    } else if (c === DQUOTE || c === SQUOTE) {
      const close = quotedEnd(this.text, at);
      if (close > lineEnd) bail();
      node = quoted(this.text, at, close) as ParsedNode;
      after = close;
    } else {
      if ((c < 128 && unsafeStart(c)) || (c === DASH && this.isSeqEntry(at))) bail();
      let end = at;
      for (; end < lineEnd; end++) {
        const ch = t.charCodeAt(end);
        if (ch === HASH && t.charCodeAt(end - 1) === SPACE) break;
        if (ch === COLON && (t.charCodeAt(end + 1) === SPACE || end + 1 === lineEnd)) bail(); // a nested mapping
      }
      while (end > at && t.charCodeAt(end - 1) === SPACE) end--;
      if (end > at && oddSpace(t.charCodeAt(end - 1))) bail();
      const source = t.slice(at, end);
      return scalar(plainValue(source), [at, end, this.next(line)], 'PLAIN', source) as ParsedNode;
    }
    let rest = after;
    while (t.charCodeAt(rest) === SPACE) rest++;
    if (rest < lineEnd && !(t.charCodeAt(rest) === HASH && rest > after)) bail();
    (node.range as Range3)[2] = this.next(line);
    return node;
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
  if (text.includes('\r') || text.includes('\t') || text.startsWith('%') || /^(?:---|\.\.\.)(?:\s|$)/m.test(text))
    return undefined;
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
  const doc = new Document(null, { ...RUAMEL_SCHEMA, merge: true, uniqueKeys: false }) as unknown as Document.Parsed;
  doc.contents = contents;
  const end = (contents.range as Range3)[2];
  (doc as { range: Range3 }).range = [(contents.range as Range3)[0], end, text.length];
  return { doc, lines: parser.lineCounter(), duplicates: parser.duplicates };
}
