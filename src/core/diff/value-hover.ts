// The editor's hover on a value in a metrics file (metrics.json, …) or a params file (params.yaml, …): its
// change against HEAD, computed exactly as `dvc metrics diff` / `dvc params diff` compute it (diffValues on
// the same loaded and flattened values), so the hover and the CLI's table never disagree. Which files count is
// DVC's decision too (tracked-files.ts); the key under the cursor comes from the params reader's key ranges,
// which exist for YAML, JSON, TOML and Python alike.
import * as path from 'node:path';
import type { Position, Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import { parseParamsText } from '../pipeline/params-files';
import { PyFloat } from '../pipeline/py-value';
import type { Change, Kind, RevisionValues } from './compare';
import { diffValues, pyEqual } from './compare';
import { cell } from './format';
import { metricsFiles, paramsFiles } from './tracked-files';
import { readMetrics, readParams } from './values';

export interface ValueHoverRequest {
  /** The DVC repository folder. */
  root: string;
  /** Absolute path of the hovered file. */
  file: string;
  position: Position;
  /** The working copy (with unsaved editor text). */
  fs: FileSystem;
  /** HEAD's files, or undefined when the repository has no commit yet. */
  head: FileSystem | undefined;
}

export interface ValueHover {
  markdown: string;
  range: Range;
}

/** How many changed keys a hover on a section lists before saying how many more there are. */
const MAX_LISTED = 12;

export function valueHover(req: ValueHoverRequest): ValueHover | undefined {
  const rel = path.relative(req.root, req.file).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const kind = trackedAs(req.root, req.fs, rel);
  if (kind === undefined) return undefined;
  const text = req.fs.readText(req.file);
  if (text === undefined) return undefined;
  const at = keyAt(parseParamsText(req.file, text).keys, req.position);
  if (at === undefined) return undefined;
  const read = (fs: FileSystem, revision: string): RevisionValues => ({
    revision,
    files: new Map([
      [rel, kind.kind === 'metrics' ? readMetrics(req.root, fs, rel) : readParams(req.root, fs, rel, kind.trackedKeys)],
    ]),
  });
  const label = kind.kind === 'metrics' ? 'Metric' : 'Param';
  if (req.head === undefined)
    return { range: at.range, markdown: `**${label} \`${at.key}\`**: no commit yet, so nothing to compare with HEAD.` };
  const changes = diffValues(read(req.head, 'HEAD'), read(req.fs, 'workspace'), true).get(rel) ?? new Map();
  const own = ownChanges(changes, at.key);
  if (own.length === 0) return undefined;
  const [only] = own;
  if (own.length === 1 && only && !only[0].startsWith(`${at.key}.`))
    return { range: at.range, markdown: `**${label} \`${only[0]}\`**: ${describe(only[1])}` };
  const changed = own.filter(([, c]) => !pyEqual(c.old, c.new));
  const lines = changed.slice(0, MAX_LISTED).map(([k, c]) => `- \`${k}\`: ${describe(c)}`);
  if (changed.length > MAX_LISTED) lines.push(`- … and ${changed.length - MAX_LISTED} more`);
  const head = `**${label}s under \`${at.key}\`**: ${changed.length} of ${own.length} changed since HEAD`;
  return { range: at.range, markdown: [head, ...lines].join('\n') };
}

/** A file DVC reads as metrics (checked first: `metrics diff` shows it) or as params, with the keys tracked. */
function trackedAs(
  root: string,
  fs: FileSystem,
  rel: string,
): { kind: Kind; trackedKeys: string[] | null } | undefined {
  if (metricsFiles(root, fs).includes(rel)) return { kind: 'metrics', trackedKeys: null };
  const params = paramsFiles(root, fs);
  return params.has(rel) ? { kind: 'params', trackedKeys: params.get(rel) ?? null } : undefined;
}

/** The innermost key whose name or value sits under the cursor: the last key of that line starting before it. */
function keyAt(keys: Map<string, Range>, position: Position): { key: string; range: Range } | undefined {
  let best: { key: string; range: Range } | undefined;
  for (const [key, range] of keys) {
    if (range.start.line !== position.line || range.start.character > position.character) continue;
    if (!best || range.start.character >= best.range.start.character) best = { key, range };
  }
  return best;
}

/**
 * The compared keys the hovered key stands for: itself, the leaves under a section, or — for an item of a list,
 * which DVC compares as one value — the list's own key.
 */
function ownChanges(changes: Map<string, Change>, key: string): [string, Change][] {
  const under = [...changes].filter(([k]) => k === key || k.startsWith(`${key}.`));
  if (under.length > 0) return under;
  for (let cut = key.lastIndexOf('.'); cut > 0; cut = key.lastIndexOf('.', cut - 1)) {
    const parent = changes.get(key.slice(0, cut));
    if (parent) return [[key.slice(0, cut), parent]];
  }
  return [];
}

function describe(c: Change): string {
  if (c.old === null) return `\`${cell(c.new)}\`, new since HEAD`;
  if (c.new === null) return `\`${cell(c.old)}\` at HEAD, gone now`;
  if (pyEqual(c.old, c.new)) return `\`${cell(c.new)}\`, unchanged since HEAD`;
  const by = c.diff === undefined ? '' : ` (${asNumber(c.diff) > 0 ? '+' : ''}${cell(c.diff)})`;
  return `\`${cell(c.old)}\` at HEAD → \`${cell(c.new)}\` now${by}`;
}

const asNumber = (d: number | PyFloat): number => (d instanceof PyFloat ? d.value : d);
