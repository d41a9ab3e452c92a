// Where the cursor is in a dvc.yaml: the node under it (for hover and definition, from the parsed tree)
// and the key path it is being typed at (for completion, from the text, because half-typed YAML rarely parses
// into the shape the user means).
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Position, Range } from '../../diagnostics';
import type { ParsedYaml } from '../parse';
import { keyName, offsetsToRange } from '../parse';

export type Segment = string | number;

export interface NodeAt {
  /** Keys and list indices from the document root to the node. */
  path: Segment[];
  /** `key`: the cursor is on a map key (the last segment); `value`: on a scalar value. */
  role: 'key' | 'value';
  /** The scalar's text (a key's name or a value's string form). */
  text: string;
  /** Offsets of the scalar in the document text. */
  start: number;
  end: number;
  range: Range;
}

export function positionToOffset(parsed: ParsedYaml, position: Position): number {
  const starts = parsed.lines.lineStarts;
  const lineStart = starts[position.line];
  if (lineStart === undefined) return parsed.text.length;
  const nextStart = starts[position.line + 1] ?? parsed.text.length + 1;
  return Math.min(lineStart + position.character, nextStart - 1, parsed.text.length);
}

/** The scalar key or value under `offset` (inclusive of its end, so a cursor right after a word counts). */
export function nodeAt(parsed: ParsedYaml, offset: number): NodeAt | undefined {
  let node: unknown = parsed.doc.contents;
  const path: Segment[] = [];
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key, offset) || within(p.value, offset)) as
        | Pair<Node, Node>
        | undefined;
      if (!pair) return undefined;
      const name = keyName(pair.key) ?? '<<';
      path.push(name);
      if (within(pair.key, offset) && isScalar(pair.key)) return scalar(parsed, pair.key, path, 'key');
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item, offset));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node) && within(node, offset)) {
      return scalar(parsed, node, path, 'value');
    } else {
      return undefined;
    }
  }
}

/** The value node at a key path, if the document has it. */
export function nodeAtPath(parsed: ParsedYaml, path: readonly Segment[]): Node | undefined {
  let node: unknown = parsed.doc.contents;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyName(p.key) === String(seg));
      node = pair?.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return (node as Node | undefined) ?? undefined;
}

function within(node: unknown, offset: number): boolean {
  const r = (node as Node | null | undefined)?.range;
  return r !== undefined && r !== null && offset >= r[0] && offset <= r[1];
}

function scalar(parsed: ParsedYaml, node: Node, path: Segment[], role: 'key' | 'value'): NodeAt | undefined {
  const r = node.range;
  if (!r || !isScalar(node)) return undefined;
  const text = typeof node.value === 'symbol' ? '' : String(node.value ?? '');
  return { path, role, text, start: r[0], end: r[1], range: offsetsToRange(parsed.lines, r[0], r[1]) };
}

/** What is being typed at the cursor, worked out from indentation so it works in broken YAML. */
export interface TypingContext {
  /** Path of the map or list the cursor is inside (list items appear as `-1`: which item does not matter here). */
  parent: Segment[];
  /** `key`: a key of `parent`; `value`: the value of key `key`; `item`: an item of the list at `parent`. */
  kind: 'key' | 'value' | 'item';
  key?: string;
  /** The word typed so far and where it starts on the line. */
  prefix: string;
  prefixStart: Position;
}

const KEY_LINE = /^(\s*)(-\s+)?((?:"[^"]*"|'[^']*'|[^\s#:'"][^#:]*?)):(?:\s+(.*?))?\s*$/;
const ITEM_LINE = /^(\s*)-(?:\s+(.*))?$/;

export function typingContext(text: string, position: Position): TypingContext {
  const lines = text.split(/\r?\n/);
  const line = (lines[position.line] ?? '').slice(0, position.character);
  const valueOf = /^(\s*)(-\s+)?([^\s#:][^#:]*?):\s+(\S*)$/.exec(line);
  const itemOf = /^(\s*)-\s+(\S*)$/.exec(line);
  const keyOf = /^(\s*)(-\s+)?(\S*)$/.exec(line);
  if (valueOf && !itemOf) {
    const indent = valueOf[1]!.length + (valueOf[2]?.length ?? 0);
    const prefix = valueOf[4] ?? '';
    return {
      parent: parentPath(lines, position.line, indent, valueOf[2] !== undefined),
      kind: 'value',
      key: unquote(valueOf[3]!),
      prefix,
      prefixStart: { line: position.line, character: line.length - prefix.length },
    };
  }
  if (itemOf && !itemOf[2]!.includes(':')) {
    const indent = itemOf[1]!.length;
    const prefix = itemOf[2] ?? '';
    return {
      parent: parentPath(lines, position.line, indent, false, true),
      kind: 'item',
      prefix,
      prefixStart: { line: position.line, character: line.length - prefix.length },
    };
  }
  const indent = keyOf ? keyOf[1]!.length + (keyOf[2]?.length ?? 0) : line.length;
  const prefix = keyOf?.[3] ?? '';
  return {
    parent: parentPath(lines, position.line, indent, keyOf?.[2] !== undefined),
    kind: 'key',
    prefix,
    prefixStart: { line: position.line, character: line.length - prefix.length },
  };
}

/** The keys of the enclosing blocks: each line above with less indentation opens one. */
function parentPath(lines: string[], lineNo: number, indent: number, startsItem: boolean, isItem = false): Segment[] {
  const path: Segment[] = [];
  let limit = indent;
  // YAML lets a list sit at its key's own indentation (`outs:` then `- a` below it, same column).
  let sameColumnKey = isItem;
  if (startsItem) path.unshift(-1);
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const l = lines[i] ?? '';
    if (/^\s*(#.*)?$/.test(l)) continue;
    const own = l.length - l.trimStart().length;
    const key = KEY_LINE.exec(l);
    if (key) {
      const keyIndent = key[1]!.length + (key[2]?.length ?? 0);
      if (keyIndent < limit || (sameColumnKey && keyIndent === limit && key[2] === undefined)) {
        sameColumnKey = false;
        path.unshift(unquote(key[3]!));
        limit = keyIndent;
        // `- key:` opens both a list item and a map inside it.
        if (key[2] !== undefined) {
          path.unshift(-1);
          limit = own;
        }
      } else if (key[2] !== undefined && keyIndent === limit && own < limit) {
        // A sibling key that opened the list item the cursor is in.
        path.unshift(-1);
        limit = own;
      }
      continue;
    }
    const item = ITEM_LINE.exec(l);
    if (item && own < limit) {
      sameColumnKey = false;
      path.unshift(-1);
      limit = own;
    }
  }
  return path;
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}
