// `metrics diff` / `params diff` between two revisions, as DVC computes them (dvc/utils/diff.py): every key
// of either side, unchanged ones left out unless asked for, `old`/`new` as loaded (null when absent) and
// `diff` = new − old when both are numbers (booleans count as numbers, as in Python). A metrics file holding one
// value, not a dict: against a dict, each key's other side is "unable to parse"; against a value, one change
// under the key "". Also `metrics show`.
import type { FileSystem } from '../fs';
import { PyFloat, isDict } from '../pipeline/py-value';
import type { TreeView } from '../revisions/git-tree';
import { type RevisionLoadError, stageFilesError } from '../revisions/stage-files-check';
import { metricsFiles, paramsFiles, targetFiles } from './tracked-files';
import type { FileValues, Leaf } from './values';
import { readMetrics, readParams } from './values';

export interface Change {
  old: Leaf;
  new: Leaf;
  diff?: number | PyFloat;
}

/** File → dotted key → change, files and keys sorted. */
export type DiffResult = Map<string, Map<string, Change>>;

export interface RevisionValues {
  revision: string;
  /** File → its values, or why it could not be read. */
  files: Map<string, FileValues>;
  /** Why DVC cannot load the revision at all (then `files` is empty, as DVC reads nothing of it). */
  unloadable?: RevisionLoadError;
}

export type Kind = 'metrics' | 'params';

/**
 * Which files a command reads: those DVC tracks (`stage-deps`: only the params files stages depend on, as
 * `dvc params diff --deps`), or the files the user named (`--targets`, `metrics show TARGET…`), repository-relative,
 * read whole whether tracked or not.
 */
export type Selection = { tracked: 'all' | 'stage-deps' } | { targets: readonly string[] };

export const TRACKED: Selection = { tracked: 'all' };

/** What `kind` files hold at a revision (`fs` is that revision's view of `root`; DVC's messages name paths
 * relative to `cwd`). */
export function revisionValues(
  kind: Kind,
  root: string,
  fs: FileSystem & Pick<TreeView, 'commit'>,
  revision: string,
  selection: Selection = TRACKED,
  cwd = root,
): RevisionValues {
  const files = new Map<string, FileValues>();
  const unloadable = stageFilesError(root, fs, cwd);
  if (unloadable) return { revision, files, unloadable };
  if ('targets' in selection)
    for (const f of targetFiles(root, fs, selection.targets))
      files.set(f, kind === 'metrics' ? readMetrics(root, fs, f) : readParams(root, fs, f, null));
  else if (kind === 'metrics') for (const f of metricsFiles(root, fs)) files.set(f, readMetrics(root, fs, f));
  else
    for (const [f, keys] of paramsFiles(root, fs, selection.tracked === 'stage-deps'))
      files.set(f, readParams(root, fs, f, keys));
  return { revision, files };
}

export function diffValues(a: RevisionValues, b: RevisionValues, withUnchanged: boolean): DiffResult {
  const result: DiffResult = new Map();
  const files = [...new Set([...a.files.keys(), ...b.files.keys()])].sort();
  for (const file of files) {
    const old = sideOf(a.files.get(file));
    const now = sideOf(b.files.get(file));
    const changes = new Map<string, Change>();
    const add = (key: string, o: Leaf, n: Leaf): void => {
      if (!withUnchanged && pyEqual(o, n)) return;
      const d = numericDiff(o, n);
      changes.set(key, d === undefined ? { old: o, new: n } : { old: o, new: n, diff: d });
    };
    if ('value' in old && 'value' in now) add('', old.value, now.value);
    else {
      const o = 'dict' in old ? old.dict : new Map<string, Leaf>();
      const n = 'dict' in now ? now.dict : new Map<string, Leaf>();
      for (const key of [...new Set([...o.keys(), ...n.keys()])].sort())
        add(key, o.get(key) ?? absent(old), n.get(key) ?? absent(now));
    }
    if (changes.size > 0) result.set(file, changes);
  }
  return result;
}

/** A file's data as `_diff` takes it: a dict (a missing or unreadable file is an empty one), or one value. */
type Side = { dict: Map<string, Leaf> } | { value: Leaf };

function sideOf(v: FileValues | undefined): Side {
  if (!v?.ok) return { dict: new Map() };
  return isDict(v.tree) ? { dict: v.values } : { value: v.tree as Leaf };
}

/** What `_flatten` gives a key a side lacks: None, or "unable to parse" when that side is one value. */
const absent = (side: Side): Leaf => ('value' in side ? 'unable to parse' : null);

const isFloat = (v: Leaf): boolean => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
const asNumber = (v: Leaf): number | undefined =>
  v instanceof PyFloat ? v.value : typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined;

/** Python's `==` on loaded values: 1 == 1.0 == True. */
export function pyEqual(a: Leaf, b: Leaf): boolean {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  return a === b;
}

function numericDiff(a: Leaf, b: Leaf): number | PyFloat | undefined {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return undefined;
  const d = y - x;
  return (isFloat(a) || isFloat(b)) && Number.isInteger(d) ? new PyFloat(d) : d;
}
