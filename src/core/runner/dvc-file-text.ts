// A `.dvc` file's outputs rewritten after their data was committed, as DVC writes it: dvc/dvcfile.py
// SingleStageFile.dump → dvc/stage/serialize.py to_single_stage_file, which applies the new values onto the text
// DVC loaded (dvc/utils/collections.py apply_diff). A key whose value changed is changed in place, a key now
// needed is appended at the end of its entry (DVC 3 appends `hash: md5` after `path` to a DVC 2 entry), a key no
// longer there (`nfiles` once a folder became a file) is removed; every other line, comments included, stays.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseYaml } from '../pipeline/parse';

/** An output's hash fields as DVC 3 records them (dvc/output.py dumpd: md5, size, nfiles, isexec, hash). */
export interface OutHashFields {
  md5: string;
  size: number;
  nfiles?: number;
  isexec?: true;
  hash: 'md5';
}

const KEYS = ['md5', 'size', 'nfiles', 'isexec', 'hash'] as const;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The text with the outputs at `updates`' keys (their index in `outs`) given new hash fields; undefined when the
 * text has no such entries (the file changed since it was read: the caller refuses rather than guess).
 */
export function withOutHashes(text: string, updates: ReadonlyMap<number, OutHashFields>): string | undefined {
  const parsed = parseYaml(text);
  const root = parsed.doc.contents;
  const outs = isMap(root) ? (root.get('outs', true) as Node | undefined) : undefined;
  if (!isSeq(outs)) return undefined;
  const edits: Edit[] = [];
  for (const [index, fields] of updates) {
    const entry = outs.items[index];
    if (!isMap(entry)) return undefined;
    const entryEdits = entryEditsFor(text, entry as YAMLMap, fields);
    if (!entryEdits) return undefined;
    edits.push(...entryEdits);
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function entryEditsFor(text: string, entry: YAMLMap, fields: OutHashFields): Edit[] | undefined {
  const pairs = entry.items as Pair<Node, Node | null>[];
  const first = pairs[0]?.key?.range;
  const last = pairs[pairs.length - 1];
  const lastEnd = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (!first || lastEnd === undefined) return undefined;
  const indent = ' '.repeat(first[0] - (text.lastIndexOf('\n', first[0] - 1) + 1));
  const edits: Edit[] = [];
  let appended = '';
  for (const key of KEYS) {
    const value = fields[key];
    const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
    if (value === undefined) {
      // The entry's first key shares its line with `- `: DVC never puts nfiles or isexec there.
      if (pair === pairs[0]) return undefined;
      if (pair?.key?.range) edits.push(lineRemoval(text, pair.key.range[0]));
      continue;
    }
    const shown = String(value);
    const range = pair?.value?.range;
    if (!pair) appended += `\n${indent}${key}: ${shown}`;
    else if (range && text.slice(range[0], range[1]) !== shown)
      edits.push({ start: range[0], end: range[1], text: shown });
    else if (!range) return undefined;
  }
  if (appended !== '') edits.push({ start: lastEnd, end: lastEnd, text: appended });
  return edits;
}

/** The whole line a key starts on. */
function lineRemoval(text: string, keyStart: number): Edit {
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  const next = text.indexOf('\n', keyStart);
  return { start, end: next === -1 ? text.length : next + 1, text: '' };
}
