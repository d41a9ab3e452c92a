// Where DVC 3 keeps experiments (dvc/repo/experiments/refs.py): `refs/exps/<baseline[:2]>/<baseline[2:]>/<name>`,
// one ref per experiment, pointing at a commit whose parent is the baseline. `refs/exps/exec/…`,
// `refs/exps/stash` and `refs/exps/celery/…` are DVC's executor and queue bookkeeping, not experiments.
export const EXPS_NAMESPACE = 'refs/exps';

export interface ExpRef {
  /** Full 40-hex id of the baseline commit. */
  baseline: string;
  name: string;
}

export function expRefName(r: ExpRef): string {
  return `${EXPS_NAMESPACE}/${r.baseline.slice(0, 2)}/${r.baseline.slice(2)}/${r.name}`;
}

const REF_RE = /^refs\/exps\/([0-9a-f]{2})\/([0-9a-f]{38})\/(.+)$/;

/** The experiment a ref names, or undefined for anything else under refs/exps (executor, stash, celery refs). */
export function parseExpRef(ref: string): ExpRef | undefined {
  const m = REF_RE.exec(ref);
  if (!m || (m[3] as string).includes('/')) return undefined;
  return { baseline: `${m[1]}${m[2]}`, name: m[3] as string };
}

/**
 * Why a name cannot be an experiment name, or undefined when it can. DVC's rule: the full ref must pass
 * `git check-ref-format` and the name has no '/'. The git rules are spelled out here so a bad name is
 * refused before anything runs.
 */
export function checkExpName(name: string): string | undefined {
  const problem = refFormatProblem(name);
  return problem ? `invalid experiment name '${name}': ${problem}` : undefined;
}

function refFormatProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.includes('/')) return "it contains '/'";
  if (name === '@') return "'@' alone is not allowed";
  if (name.startsWith('.')) return "it starts with '.'";
  if (name.endsWith('.')) return "it ends with '.'";
  if (name.endsWith('.lock')) return "it ends with '.lock'";
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  for (const c of name) {
    if (c < ' ' || c === '\u007f') return 'it contains a control character';
    if (' ~^:?*[\\'.includes(c)) return `it contains '${c}' (git refs cannot hold spaces or any of ~^:?*[\\)`;
  }
  return undefined;
}
