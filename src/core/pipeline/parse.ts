// YAML text → `yaml` Document with exact ranges, plus the syntax-level diagnostics (yaml-syntax, duplicate-key).
// Never throws: whatever parses is kept, the rest becomes diagnostics.
import { CST, Lexer, LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Alias, Document, Node, ParsedNode, Scalar, YAMLError, YAMLMap } from 'yaml';
import type { Diagnostic, Position, Range } from '../diagnostics';
import { parseFast } from './fast-yaml';
import { RUAMEL_SCHEMA } from './yaml-scalars';
import { nestingMessage, tooDeepNode } from './nesting';

export interface ParsedYaml {
  /** The text that was parsed: the input without a leading byte-order mark (editors do not show it either). */
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** yaml-syntax and duplicate-key problems. */
  diagnostics: Diagnostic[];
}

/** More syntax errors than this are noise (e.g. a binary file); the first ones say enough. */
const MAX_SYNTAX_DIAGNOSTICS = 50;

const HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'Indent with spaces; YAML does not allow tabs for indentation.',
  BAD_INDENT: 'Align this line with its siblings (same number of leading spaces).',
  MULTIPLE_DOCS: 'dvc.yaml holds one document: remove the extra `---` separator and what follows, or merge it.',
  MISSING_CHAR: 'Add the missing closing character.',
  BLOCK_AS_IMPLICIT_KEY: 'Put a space after `:` and check the indentation of the lines above.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; add the missing `:` or quote the text.',
  BAD_ALIAS: 'Define the anchor (`&name`) before using the alias (`*name`).',
  DUPLICATE_KEY: 'Remove or rename one of the keys.',
};

export function parseYaml(input: string): ParsedYaml {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Most pipelines are plain block YAML: the fast path builds the same nodes several times faster.
  // It gives up beyond MAX_NESTING levels, so only the full parser's documents need the depth check.
  const fast = parseFast(text);
  if (fast) {
    const parsed: ParsedYaml = { text, doc: fast.doc, lines: fast.lines, diagnostics: [] };
    for (const { key, first } of fast.duplicates) reportDuplicate(parsed, key, first);
    return parsed;
  }
  const lines = new LineCounter();
  // merge: DVC loads with ruamel.yaml, which honours `<<` merge keys; uniqueKeys: we report duplicates ourselves.
  const doc = parseDocument(text, {
    ...RUAMEL_SCHEMA,
    lineCounter: lines,
    keepSourceTokens: true,
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
  });
  const deep = tooDeepNode(doc.contents);
  if (deep) {
    // Every later pass recurses: nothing of the document is kept, and one diagnostic says why (the parser's own
    // complaints about the depth would only repeat it).
    doc.contents = null;
    const at = deep.range?.[0] ?? 0;
    const range = offsetsToRange(lines, at, at);
    return {
      text,
      doc,
      lines,
      diagnostics: [{ code: 'too-deep', severity: 'error', message: nestingMessage('This file'), range }],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const problems = [...doc.errors, ...doc.warnings].slice(0, MAX_SYNTAX_DIAGNOSTICS);
  for (const e of problems) {
    const [start, end] = e.pos;
    const firstLine = e.message.split('\n', 1)[0] ?? e.message;
    // "... must be sufficiently indented and end with a ]": an unclosed bracket, not an indentation slip.
    const hint = /end with an? [\]}]/.test(firstLine)
      ? 'Close the bracket, or indent its continuation lines more than the key.'
      : HINTS[e.code];
    diagnostics.push({
      code: 'yaml-syntax',
      severity: e.name === 'YAMLWarning' ? 'warning' : 'error',
      message: `YAML syntax: ${firstLine.replace(/\.?$/, '.')}${hint ? ` ${hint}` : ''}`,
      range: offsetsToRange(lines, start, Math.max(end, start)),
    });
  }
  const parsed: ParsedYaml = { text, doc, lines, diagnostics };
  reportRuamelTabs(parsed);
  reportDuplicateKeys(parsed);
  return parsed;
}

// Positions are mostly asked for in document order: the line found last (for the same line starts) and the two
// after it are tried before a binary search. Only a hint: each answer is checked against the line starts.
let hintStarts: readonly number[] | undefined;
let hintLine = 0;

export function offsetToPosition(lines: LineCounter, offset: number): Position {
  // LineCounter.linePos does the same search but allocates an extra object.
  const starts = lines.lineStarts;
  const last = starts.length - 1;
  if (last < 0) return { line: 0, character: Math.max(0, offset) };
  let line = -1;
  if (starts === hintStarts) {
    for (let k = hintLine; k <= hintLine + 2 && k <= last; k++) {
      if ((starts[k] as number) > offset) break;
      if (k === last || offset < (starts[k + 1] as number)) {
        line = k;
        break;
      }
    }
  }
  if (line < 0) {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
  }
  hintStarts = starts;
  hintLine = line;
  return { line, character: Math.max(0, offset - (starts[line] as number)) };
}

export function offsetsToRange(lines: LineCounter, start: number, end: number): Range {
  return { start: offsetToPosition(lines, start), end: offsetToPosition(lines, end) };
}

/** Range of a node's value (without trailing comments); the document start when the node is absent. */
export function nodeRange(parsed: ParsedYaml, node: Node | null | undefined): Range {
  const r = node?.range;
  if (!r) return offsetsToRange(parsed.lines, 0, 0);
  return offsetsToRange(parsed.lines, r[0], r[1]);
}

/** The node an alias points to (one level; the yaml package forbids alias cycles), or the node itself. */
export function deref(parsed: ParsedYaml, node: unknown): ParsedNode | null {
  if (isAlias(node)) return aliasTargets(parsed).get(node) ?? null;
  return (node as ParsedNode | null) ?? null;
}

// Alias.resolve() searches the whole document on every call; one pass in document order resolves them all
// (an alias refers to the latest anchor of that name before it).
const targetsCache = new WeakMap<Document.Parsed, Map<Alias, ParsedNode>>();

function aliasTargets(parsed: ParsedYaml): Map<Alias, ParsedNode> {
  const cached = targetsCache.get(parsed.doc);
  if (cached) return cached;
  const targets = new Map<Alias, ParsedNode>();
  const anchors = new Map<string, ParsedNode>();
  visit(parsed.doc, (_key, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (isNode(node) && node.anchor) {
      anchors.set(node.anchor, node as ParsedNode);
    }
  });
  targetsCache.set(parsed.doc, targets);
  return targets;
}

/** The key of a map entry as DVC sees it: its string form, or undefined for the `<<` merge key. */
export function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return typeof key.value === 'symbol' ? undefined : String(key.value);
  // A mapping or list used as a key (DVC refuses those): never stringify it, the yaml package may throw doing so.
  return key === null || key === undefined ? '' : '[complex key]';
}

export interface MapEntry {
  /** The key as DVC sees it (string form). */
  name: string;
  /** The key node (for a non-scalar key, whatever the parser made of it). */
  key: ParsedNode | null;
  /** The value, aliases followed. */
  value: ParsedNode | null;
  /** True when the entry comes from a `<<: *anchor` merge (its ranges point at the anchor). */
  merged: boolean;
}

// Each mapping is expanded once: without this, `<<: [*a, *a]` chains would expand exponentially. One plain Map
// per document (a WeakMap entry per mapping costs the garbage collector far more, with thousands of mappings).
const entriesCache = new WeakMap<Document.Parsed, Map<YAMLMap, MapEntry[]>>();

/** Entries of a mapping as DVC sees them: `<<` merges expanded, explicit keys winning over merged ones. */
export function mapEntries(parsed: ParsedYaml, map: YAMLMap, depth = 0): MapEntry[] {
  let perDoc = entriesCache.get(parsed.doc);
  if (!perDoc) {
    perDoc = new Map();
    entriesCache.set(parsed.doc, perDoc);
  }
  const cached = perDoc.get(map);
  if (cached) return cached;
  const entries = expandEntries(parsed, map, depth);
  perDoc.set(map, entries);
  return entries;
}

function expandEntries(parsed: ParsedYaml, map: YAMLMap, depth: number): MapEntry[] {
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of map.items) {
    const name = keyName(pair.key);
    if (name === undefined) {
      if (depth > 20) continue; // anchors cannot form cycles, but stay bounded anyway
      const source = deref(parsed, pair.value);
      const sources = isSeq(source) ? source.items.map((i) => deref(parsed, i)) : [source];
      for (const m of sources) {
        if (isMap(m)) for (const e of mapEntries(parsed, m, depth + 1)) merged.push({ ...e, merged: true });
      }
      continue;
    }
    own.push({ name, key: (pair.key as ParsedNode | null) ?? null, value: deref(parsed, pair.value), merged: false });
  }
  if (merged.length === 0) return own;
  const explicit = new Set(own.map((e) => e.name));
  const seen = new Set<string>();
  const fromMerge = merged.filter((e) => !explicit.has(e.name) && !seen.has(e.name) && seen.add(e.name));
  return [...own, ...fromMerge];
}

/**
 * DVC reads YAML with ruamel.yaml, whose scanner refuses a tab anywhere outside quoted text, block scalars,
 * comments and flow collections ("found character '\\t' that cannot start any token") — even a trailing one.
 * The yaml package accepts most of those, so we flag them ourselves.
 */
function reportRuamelTabs(parsed: ParsedYaml): void {
  if (!parsed.text.includes('\t')) return;
  const lines = new Set(parsed.diagnostics.map((d) => d.range.start.line));
  let offset = 0;
  let flow = 0;
  let scalarNext = false;
  let blockScalar = false;
  for (const token of new Lexer().lex(parsed.text)) {
    // Control tokens of the lexer (document mode, scalar marker, flow error end) take no room in the text.
    if (token === '\x02' || token === '\x18') continue;
    if (token === '\x1f') {
      scalarNext = true;
      continue;
    }
    const type = scalarNext ? 'scalar' : CST.tokenType(token);
    const tab = token.indexOf('\t');
    if (tab >= 0 && flow === 0 && (type === 'space' || (type === 'scalar' && !blockScalar))) {
      const start = offsetToPosition(parsed.lines, offset + tab);
      if (!lines.has(start.line) && parsed.diagnostics.length < MAX_SYNTAX_DIAGNOSTICS) {
        lines.add(start.line);
        parsed.diagnostics.push({
          code: 'yaml-syntax',
          severity: 'error',
          message:
            "Tab character outside quotes: DVC's YAML reader (ruamel.yaml) refuses tabs here, even trailing ones. Replace it with spaces.",
          range: { start, end: { line: start.line, character: start.character + 1 } },
        });
      }
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if (type === 'block-scalar-header') blockScalar = true;
    else if (type === 'scalar') blockScalar = false;
    scalarNext = false;
    offset += token.length;
  }
}

function reportDuplicateKeys(parsed: ParsedYaml): void {
  const stack: unknown[] = [parsed.doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const items = node.items;
      // Same value and same type (`1` and `"1"` differ, as in ruamel). Most maps are small: a scan beats a Map there.
      const seen = items.length > 16 ? new Map<unknown, Scalar>() : undefined;
      for (let i = 0; i < items.length; i++) {
        const pair = items[i] as (typeof items)[number];
        stack.push(pair.value);
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === 'symbol') continue;
        let first: Scalar | undefined;
        if (seen) {
          first = seen.get(key.value);
          if (!first) seen.set(key.value, key);
        } else {
          for (let j = 0; j < i && !first; j++) {
            const other = (items[j] as (typeof items)[number]).key;
            if (isScalar(other) && other.value === key.value) first = other;
          }
        }
        if (first) reportDuplicate(parsed, key, first);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

function reportDuplicate(parsed: ParsedYaml, key: Scalar, first: Scalar): void {
  const line = offsetToPosition(parsed.lines, first.range?.[0] ?? 0).line + 1;
  parsed.diagnostics.push({
    code: 'duplicate-key',
    severity: 'error',
    message: `Duplicate key \`${String(key.value)}\` (first defined on line ${line}). DVC refuses files with repeated keys: remove or rename one.`,
    range: nodeRange(parsed, key),
  });
}
