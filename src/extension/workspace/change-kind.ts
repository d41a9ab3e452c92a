// What a changed file means to the workspace model, from its path relative to the workspace root: a pipeline
// definition (the stages and graph are read again), data a stage reads or writes (status only), the local store's
// runs, the git tags of the model registry, the experiments (refs/exps, HEAD, the queue), both of the last two
// (packed refs), or nothing we show. Pure, so it is tested without VS Code.

export type ChangeKind = 'pipelines' | 'data' | 'runs' | 'models' | 'experiments' | 'refs' | 'ignored';

/** Files whose change can change the stages or the graph: dvc.yaml, its lock, params files, `.dvc` files. */
const PIPELINE_FILE = /(^|\/)(dvc\.ya?ml|dvc\.lock|params\.(ya?ml|json|toml|py)|[^/]+\.dvc)$/;
/** The local store's run records and its index (docs/tracking-store.md). */
const RUNS = /^\.mlops\/(index\.jsonl$|runs\/)/;
/** GTO versions and stages are git tags (loose; packed ones are in packed-refs with the experiments). */
const MODEL_TAGS = /^\.git\/refs\/tags\//;
/** Experiment refs, the baseline (HEAD) and the queue's entries (not the workers' logs). */
const EXPERIMENTS = /^(\.git\/(refs\/exps\/|HEAD$)|\.mlops\/queue\/[^/]+\.json$)/;
/**
 * Folders whose files never change a stage's status: VCS, our own store and caches, dependencies, venvs, and
 * `.dvc/tmp` (where queued experiments run in their own workspaces).
 */
const NEVER_DATA = /(^|\/)(\.git|\.mlops|node_modules|\.venv|venv|__pycache__)(\/|$)|(^|\/)\.dvc\/(cache|tmp)(\/|$)/;

export function classifyChange(relative: string): ChangeKind {
  const rel = relative.split('\\').join('/');
  if (rel.startsWith('../') || rel === '..') return 'ignored';
  if (RUNS.test(rel)) return 'runs';
  if (MODEL_TAGS.test(rel)) return 'models';
  if (EXPERIMENTS.test(rel)) return 'experiments';
  if (rel === '.git/packed-refs') return 'refs';
  if (NEVER_DATA.test(rel)) return 'ignored';
  return PIPELINE_FILE.test(rel) ? 'pipelines' : 'data';
}
