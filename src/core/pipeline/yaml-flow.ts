// The flow collections of the fast YAML path (fast-yaml.ts): `[a, b]` and `{k: v}` on one line, nested, with
// plain or quoted scalars, built into the very nodes and ranges the yaml package would. Anything else inside
// brackets (a multi-line flow, `a:b`, a trailing comma, a comment) bails, and the caller falls back to the
// yaml package for the whole text. Kept apart from the block parser: it shares only the text, the nesting
// depth it starts at, and the list of repeated keys.
import type { ParsedNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MAX_NESTING } from './nesting';
import { plainValue } from './yaml-scalars';
import { collectDuplicates, mapNode, pair, scalar, seqNode, type Duplicate, type Range3 } from './yaml-nodes';
import { bail, oddSpace, quoted, quotedEnd, unsafeStart } from './yaml-text';

// Character codes, as module constants (an imported binding costs a property read each use).
const SPACE = 32,
  DQUOTE = 34,
  HASH = 35,
  SQUOTE = 39,
  COMMA = 44,
  DASH = 45,
  COLON = 58,
  LBRACKET = 91,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125;

export class FlowReader {
  /** The collection the last call to `collection` built (it returns the offset after it). */
  node: YAMLMap | YAMLSeq | undefined;
  /** Where the last flow item read ends. */
  private end = 0;

  /** `depth`: collections already open around this one (block and flow count alike against MAX_NESTING). */
  constructor(
    private readonly text: string,
    private depth: number,
    private readonly duplicates: Duplicate[],
  ) {}

  /** A flow collection at `at`, closed before `limit`: builds it into `node` and returns the offset after it. */
  collection(at: number, limit: number): number {
    if (++this.depth > MAX_NESTING) bail();
    const t = this.text;
    const isMapping = t.charCodeAt(at) === LBRACE;
    const close = isMapping ? RBRACE : RBRACKET;
    const coll = isMapping ? mapNode(true) : seqNode(true);
    let i = at + 1;
    while (t.charCodeAt(i) === SPACE) i++;
    while (t.charCodeAt(i) !== close) {
      if (i >= limit) bail();
      const item = this.flowItem(i, limit);
      i = this.end;
      if (isMapping) {
        if (t.charCodeAt(i) !== COLON || t.charCodeAt(i + 1) !== SPACE) bail();
        i += 1;
        while (t.charCodeAt(i) === SPACE) i++;
        const value = this.flowItem(i, limit);
        i = this.end;
        while (t.charCodeAt(i) === SPACE) i++;
        (coll as YAMLMap).items.push(pair(item as Scalar, value));
        (value.range as Range3)[2] = i;
        (item.range as Range3)[2] = (item.range as Range3)[1];
      } else {
        while (t.charCodeAt(i) === SPACE) i++;
        (coll as YAMLSeq).items.push(item);
        (item.range as Range3)[2] = i;
      }
      if (t.charCodeAt(i) === COMMA) {
        i++;
        while (t.charCodeAt(i) === SPACE) i++;
        if (t.charCodeAt(i) === close) bail(); // trailing comma: leave the exact ranges to the yaml package
      } else if (t.charCodeAt(i) !== close) bail();
    }
    coll.range = [at, i + 1, i + 1];
    if (isMapping) collectDuplicates(coll as YAMLMap, this.duplicates);
    this.node = coll;
    this.depth--;
    return i + 1;
  }

  /** One item of a flow collection at `at`; sets `flowEnd` to the offset after it. */
  private flowItem(at: number, limit: number): ParsedNode {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === LBRACKET || c === LBRACE) {
      this.end = this.collection(at, limit);
      return this.node as ParsedNode;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const close = quotedEnd(this.text, at);
      this.end = close;
      return quoted(this.text, at, close) as ParsedNode;
    }
    if (Number.isNaN(c) || (c < 128 && unsafeStart(c)) || c === DASH) bail();
    let end = at;
    for (; end < limit; end++) {
      const ch = t.charCodeAt(end);
      if (
        ch === COMMA ||
        ch === LBRACKET ||
        ch === RBRACKET ||
        ch === LBRACE ||
        ch === RBRACE ||
        ch === HASH ||
        ch === COLON
      )
        break;
    }
    const stop = t.charCodeAt(end);
    if (stop === COLON && t.charCodeAt(end + 1) !== SPACE) bail(); // `a:b` inside flow: leave it to the yaml package
    if (stop === LBRACKET || stop === LBRACE || stop === HASH) bail();
    while (end > at && t.charCodeAt(end - 1) === SPACE) end--;
    if (end === at || oddSpace(t.charCodeAt(end - 1))) bail();
    const source = t.slice(at, end);
    this.end = end;
    return scalar(plainValue(source), [at, end, end], 'PLAIN', source) as ParsedNode;
  }
}
