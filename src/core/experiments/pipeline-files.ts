// Which files hold an experiment's params and metrics, read straight from a dvc.yaml text — the one at
// an experiment's commit, not the working copy's. As `dvc exp show` does: every params file a stage
// names (whole files are shown, not only the keys used), params.yaml always, the top-level `params:` and
// `metrics:` lists, and each stage's `metrics:` outputs (resolved against the stage's `wdir`). Entries
// still holding `${…}` are skipped: they need the full pipeline core, and exp show needs only the files.
import * as path from 'node:path';
import { parse } from 'yaml';
import { readBoundedText } from '../bounded-read';
import { DEFAULT_PARAMS_FILE } from './sweep-syntax';

export interface PipelineFiles {
  /** Relative to the dvc.yaml folder, '/' separators, params.yaml first. */
  params: string[];
  metrics: string[];
}

export function pipelineFiles(dvcYamlText: string): PipelineFiles {
  let doc: unknown;
  try {
    doc = parse(dvcYamlText, { maxAliasCount: 1000 });
  } catch {
    return { params: [DEFAULT_PARAMS_FILE], metrics: [] };
  }
  const params = new Set<string>([DEFAULT_PARAMS_FILE]);
  const metrics = new Set<string>();
  if (!isRecord(doc)) return { params: [...params], metrics: [] };
  for (const f of entryNames(doc.params)) params.add(f);
  for (const m of entryNames(doc.metrics)) metrics.add(m);
  const stages = isRecord(doc.stages) ? Object.values(doc.stages) : [];
  for (const raw of stages) {
    if (!isRecord(raw)) continue;
    // A foreach stage keeps its definition under `do`.
    const def = isRecord(raw.do) ? raw.do : raw;
    const wdir = typeof def.wdir === 'string' && !def.wdir.includes('${') ? def.wdir : '.';
    const at = (p: string): string => path.posix.normalize(path.posix.join(wdir, p));
    if (Array.isArray(def.params))
      for (const p of def.params)
        if (isRecord(p)) for (const f of Object.keys(p)) if (!f.includes('${')) params.add(at(f));
    for (const m of entryNames(def.metrics)) metrics.add(at(m));
  }
  return { params: [...params], metrics: [...metrics] };
}

/** The top-level metrics and params files of a dvc.yaml on disk (DVC commits them with an experiment). */
export function topLevelFiles(dvcYaml: string): string[] {
  const read = readBoundedText(dvcYaml);
  if (!read.ok) return [];
  let doc: unknown;
  try {
    doc = parse(read.text, { maxAliasCount: 1000 });
  } catch {
    return [];
  }
  return isRecord(doc) ? [...entryNames(doc.params), ...entryNames(doc.metrics)] : [];
}

/** Paths of a list whose items are `path` or `{path: options}`, without templated ones. */
function entryNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    const names = typeof item === 'string' ? [item] : isRecord(item) ? Object.keys(item) : [];
    for (const n of names) if (!n.includes('${')) out.push(n);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
