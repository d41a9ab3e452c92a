// Applying an experiment's param changes to its params files, as `dvc exp run -S` does
// (dvc/utils/hydra.py apply_overrides): Hydra's struct mode, so changing a key that does not exist is an
// error that names it (add it with `+`), and adding one that exists is too (change it, or force with `++`).
// YAML is edited in place through its document, so comments, order and style of the rest survive (DVC
// keeps them through ruamel); JSON keeps its indent; TOML is written back whole.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import { readBoundedText } from '../bounded-read';
import { stringify as stringifyToml } from 'smol-toml';
import { PyFloat, type Value } from '../pipeline/py-value';
import { paramsFormat, parseParamsText } from '../pipeline/params-files';
import { allKeys, lookupKey } from '../pipeline/params-keys';
import { suggest } from '../suggest';
import type { ParamChange } from './sweeps';

export type ApplyResult = { ok: true; files: Map<string, string> } | { ok: false; message: string };

/**
 * The new text of every params file `changes` touch (relative path → text), checked entirely before
 * anything is written; `read` gives a file's current text (undefined when it does not exist).
 */
export function paramsTexts(changes: readonly ParamChange[], read: (file: string) => string | undefined): ApplyResult {
  const byFile = new Map<string, ParamChange[]>();
  for (const c of changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const files = new Map<string, string>();
  for (const [file, list] of byFile) {
    const text = read(file);
    if (text === undefined)
      return { ok: false, message: `params file '${file}' does not exist (give an existing file before ':')` };
    const format = paramsFormat(file);
    if (format === 'python')
      return {
        ok: false,
        message: `'${file}': setting params in Python files is not supported; use YAML, JSON or TOML`,
      };
    const parsed = parseParamsText(file, text);
    if (parsed.error) return { ok: false, message: `'${file}' cannot be read: ${parsed.error.message}` };
    for (const c of list) {
      const problem = checkChange(parsed.values, c);
      if (problem) return { ok: false, message: problem };
    }
    files.set(file, format === 'yaml' ? editYaml(text, list) : editData(format, text, parsed.values, list));
  }
  return { ok: true, files };
}

/** The params files' new texts for `changes` under `root`, checked, nothing written. */
export function checkParams(root: string, changes: readonly ParamChange[]): ApplyResult {
  const refusals: string[] = [];
  const result = paramsTexts(changes, (file) => {
    const read = readBoundedText(path.join(root, file));
    if (read.ok) return read.text;
    if (read.reason !== 'missing') refusals.push(read.message);
    return undefined;
  });
  return refusals.length > 0 ? { ok: false, message: refusals[0] as string } : result;
}

/** Applies `changes` to the params files under `root` (all or nothing). */
export function applyParams(root: string, changes: readonly ParamChange[]): ApplyResult {
  const result = checkParams(root, changes);
  if (result.ok) for (const [file, text] of result.files) fs.writeFileSync(path.join(root, file), text);
  return result;
}

function checkChange(values: Value, c: ParamChange): string | undefined {
  const found = lookupKey(values, c.key);
  const where = `in '${c.file}'`;
  if (c.op === 'change' || c.op === 'delete') {
    if (found.found) return undefined;
    const close = suggest(c.key, allKeys(values));
    const hint = close.length > 0 ? ` (did you mean '${close[0]}'?)` : '';
    const fix = c.op === 'change' ? `; to add it, write +${c.key}=…` : '';
    return `unknown param '${c.key}' ${where}${hint}${fix}`;
  }
  if (c.op === 'add' && found.found)
    return `param '${c.key}' already exists ${where}; change it with ${c.key}=… (or ++${c.key}=…)`;
  return undefined;
}

/** Key segments, list indexes as numbers where the data holds a list. */
function segments(values: Value, key: string): (string | number)[] {
  const out: (string | number)[] = [];
  let cur: Value | undefined = values;
  for (const seg of key.replace(/\[([^\]]*)\]/g, '.$1').split('.')) {
    const isIndex = Array.isArray(cur) && /^\d+$/.test(seg);
    out.push(isIndex ? Number(seg) : seg);
    cur = cur && typeof cur === 'object' && !(cur instanceof PyFloat) ? (cur as Record<string, Value>)[seg] : undefined;
  }
  return out;
}

function editYaml(text: string, changes: readonly ParamChange[]): string {
  const doc = parseDocument(text);
  const data = doc.toJS() as Value;
  for (const c of changes) {
    const segs = segments(data, c.key);
    if (c.op === 'delete') doc.deleteIn(segs);
    else {
      const plain = toPlain(c.value);
      const existing = doc.getIn(segs, true);
      // A scalar replacing a scalar keeps its node, so a comment on its line stays.
      const node =
        isScalar(existing) && (plain === null || typeof plain !== 'object') ? existing : doc.createNode(plain);
      if (isScalar(node)) {
        node.value = plain;
        node.type = undefined;
        // A whole-number float keeps its '.0', so DVC reads back a float.
        node.minFractionDigits = c.value instanceof PyFloat ? 1 : 0;
      }
      if (node !== existing) doc.setIn(segs, node);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function editData(format: 'json' | 'toml', text: string, values: Value, changes: readonly ParamChange[]): string {
  const data = toPlain(values) as Record<string, unknown>;
  for (const c of changes) {
    const segs = segments(values, c.key);
    let parent = data as Record<string | number, unknown>;
    for (const seg of segs.slice(0, -1)) {
      if (typeof parent[seg] !== 'object' || parent[seg] === null) parent[seg] = {};
      parent = parent[seg] as Record<string | number, unknown>;
    }
    const last = segs[segs.length - 1] as string | number;
    if (c.op === 'delete') delete parent[last];
    else parent[last] = toPlain(c.value);
  }
  if (format === 'toml') return stringifyToml(data);
  const indent = /^\{\s*\n([ \t]+)/.exec(text)?.[1] ?? '';
  return `${JSON.stringify(data, null, indent || undefined)}\n`;
}

/** Data without PyFloat wrappers (a whole-number float becomes its number). */
function toPlain(v: Value): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}
