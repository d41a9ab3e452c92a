// Every experiment of a repository with its params and metrics, read from git alone: the refs under
// refs/exps (ours and those `dvc exp run` made — the same format), their commits' dvc.yaml, params files
// and metrics files, all through one for-each-ref and four cat-file batches whatever the count.
import * as path from 'node:path';
import { parseParamsText } from '../pipeline/params-files';
import { metricsFromText, paramStrings } from '../runner/metrics-files';
import { git } from './git';
import { readBlobs } from './git-objects';
import { pipelineFiles, type PipelineFiles } from './pipeline-files';
import { EXPS_NAMESPACE, parseExpRef } from './refs';

/** A committed experiment. Queued and running ones come from the queue (queue/state.ts). */
export interface CommittedExperiment {
  name: string;
  ref: string;
  baseline: string;
  commit: string;
  /** Commit time, ms since epoch. */
  created: number;
  /** Flattened dotted keys, values as strings — as `mlops runs list --json` keys them. */
  params: Record<string, string>;
  metrics: Record<string, number>;
  /** The tracked run that made it (ours only). */
  run: string | null;
  source: 'mlops' | 'dvc';
}

const RUN_TRAILER = /^mlops-run: ([0-9a-zA-Z_-]+)$/m;

/**
 * @param gitRoot the repository's top folder
 * @param dvcRoot the folder holding dvc.yaml (the workspace), inside gitRoot
 */
export async function listCommitted(gitRoot: string, dvcRoot: string = gitRoot): Promise<CommittedExperiment[]> {
  const refsOut = await git(gitRoot, [
    'for-each-ref',
    '--format=%(objectname)%00%(refname)%00%(committerdate:unix)%00%(contents)%01',
    `${EXPS_NAMESPACE}/`,
  ]);
  const exps: Omit<CommittedExperiment, 'params' | 'metrics'>[] = [];
  for (const record of refsOut.split('\u0001')) {
    const [commit, ref, date, message] = record.replace(/^\n/, '').split('\0');
    if (!commit || !ref) continue;
    const parsed = parseExpRef(ref);
    if (!parsed) continue;
    const run = RUN_TRAILER.exec(message ?? '')?.[1] ?? null;
    exps.push({ ...parsed, ref, commit, created: Number(date) * 1000, run, source: run ? 'mlops' : 'dvc' });
  }
  const prefix = relPrefix(gitRoot, dvcRoot);
  const yamls = await readBlobs(
    gitRoot,
    exps.map((e) => `${e.commit}:${prefix}dvc.yaml`),
  );
  const filesByText = new Map<string, PipelineFiles>();
  const files = yamls.map((text) => {
    const key = text ?? '';
    let f = filesByText.get(key);
    if (!f) filesByText.set(key, (f = pipelineFiles(key)));
    return f;
  });
  const specs: string[] = [];
  exps.forEach((e, i) => {
    const f = files[i] as PipelineFiles;
    for (const p of [...f.params, ...f.metrics]) specs.push(`${e.commit}:${prefix}${p}`);
  });
  const blobs = await readBlobs(gitRoot, specs);
  // Experiments of a sweep share most files' texts: each distinct text is parsed once.
  const parsedParams = new Map<string, Record<string, string>>();
  const paramsOf = (file: string, text: string): Record<string, string> => {
    const key = `${file}\0${text}`;
    let p = parsedParams.get(key);
    if (!p) {
      const parsed = parseParamsText(file, text);
      p = parsed.error ? {} : paramStrings(parsed.values);
      parsedParams.set(key, p);
    }
    return p;
  };
  let k = 0;
  return exps.map((e, i) => {
    const f = files[i] as PipelineFiles;
    const params: Record<string, string> = {};
    const metrics: Record<string, number> = {};
    for (const p of f.params) {
      const text = blobs[k++];
      if (text !== undefined) Object.assign(params, paramsOf(p, text));
    }
    for (const m of f.metrics) {
      const text = blobs[k++];
      if (text !== undefined) Object.assign(metrics, metricsFromText(m, text));
    }
    return { ...e, params, metrics };
  });
}

function relPrefix(gitRoot: string, dvcRoot: string): string {
  const rel = path.relative(gitRoot, dvcRoot).split(path.sep).join('/');
  return rel === '' ? '' : `${rel}/`;
}
