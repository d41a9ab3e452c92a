// The "add the missing param" quick fix: inserts `key: null` into a block-style YAML params file under
// the deepest mapping that already exists, indented like its siblings. Other formats get no fix.
import type { Fix } from '../diagnostics';
import { isDict, type Value } from './py-value';
import { LineIndex } from './line-index';
import type { ParamsFile } from './params-files';
import { lookupKey } from './params-keys';

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function paramMissingFix(file: ParamsFile, text: string, key: string): Fix | undefined {
  if (file.format !== 'yaml' || file.error || text.trimStart().startsWith('{')) return undefined;
  const segs = key.split('.');
  if (segs.some((s) => s === '' || /[*?[\]:#{}]/.test(s))) return undefined;
  // The deepest existing prefix, which must be a mapping.
  let depth = segs.length - 1;
  for (; depth > 0; depth--) {
    const got = lookupKey(file.values, segs.slice(0, depth).join('.'));
    if (got.found) {
      if (!isDict(got.value as Value)) return undefined;
      break;
    }
  }
  const idx = new LineIndex(text);
  const parent = segs.slice(0, depth).join('.');
  // Root keys go at the end of the file; nested ones after the last line of their parent's block.
  let indent = 0;
  let line = idx.lineCount;
  if (depth > 0) {
    const parentRange = file.keys.get(parent);
    if (!parentRange) return undefined;
    let last = -1;
    let childIndent = -1;
    for (const [k, r] of file.keys) {
      if (!k.startsWith(`${parent}.`)) continue;
      last = Math.max(last, r.end.line);
      if (!k.slice(parent.length + 1).includes('.') && childIndent < 0) childIndent = r.start.character;
      if (r.start.line === parentRange.start.line) return undefined; // flow style: `a: {b: 1}`
    }
    if (last < 0 || childIndent < 0) return undefined;
    for (let l = last + 1; l < idx.lineCount; l++) {
      const t = idx.lineText(l);
      if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
      if (indentOf(t) >= childIndent) return undefined; // the last value runs on (block scalar): no safe spot
      break;
    }
    indent = childIndent;
    line = last + 1;
  }
  const rest = segs.slice(depth);
  const lines = rest.map((s, i) => `${' '.repeat(indent + 2 * i)}${s}:${i === rest.length - 1 ? ' null' : ''}`);
  let newText = lines.join('\n') + '\n';
  const atEnd = line >= idx.lineCount;
  const at = atEnd ? idx.position(text.length) : { line, character: 0 };
  if (atEnd && text.length > 0 && !text.endsWith('\n')) newText = '\n' + newText;
  return {
    title: `Add '${key}' to ${file.path.split(/[\\/]/).pop()}`,
    edits: [{ file: file.path, range: { start: at, end: at }, newText }],
  };
}
