// What the Explorer shows on the files a pipeline writes or DVC tracks, as data (no vscode import): each stage output
// (outs, metrics, plots) carries its stage's state as a badge and colour, and a tooltip naming the stage; each path a
// `.dvc` file tracks carries what `dvc status` says of it (modified, not in cache) and names that file. The file
// tree itself shows what is stale. Paths as DVC resolves them (dvc.yaml's folder + wdir, the .dvc file's folder).
import * as path from 'node:path';
import { nodeId, stagePath } from '../../core/pipeline/dag';
import type { Pipeline } from '../../core/pipeline/model';
import { stateText, type ShownState } from '../../core/runner/stage-view';
import type { TrackedState, TrackedStatus } from '../../core/runner/tracked-data';
import * as l10n from '@vscode/l10n';

/** An output: the stage that writes it and what kind of output it is. */
export interface OwnedOutput {
  stageId: string;
  kind: 'outs' | 'metrics' | 'plots';
}

/** Every output path of the pipelines (absolute, the platform's separators) → the stage writing it (the first). */
export function stageOutputs(pipelines: readonly Pipeline[], root: string): Map<string, OwnedOutput> {
  const base = path.resolve(root);
  const owners = new Map<string, OwnedOutput>();
  for (const pipeline of pipelines) {
    // A `.dvc` file's data says what `dvc status` says of it, naming the file (trackedDecoration), not a stage.
    if (pipeline.dataSource) continue;
    for (const stage of pipeline.stages) {
      const stageId = nodeId(pipeline, stage, base);
      for (const out of stage.outs) {
        const abs = stagePath(pipeline, stage, out.path.value);
        if (abs === undefined) continue;
        const native = path.resolve(abs);
        if (!owners.has(native)) owners.set(native, { stageId, kind: out.kind });
      }
    }
  }
  return owners;
}

export interface OutputDecoration {
  /** At most two characters (VS Code's limit). */
  badge: string;
  tooltip: string;
  /** A theme colour id, when the state asks for attention. */
  color?: string;
}

const look: Record<ShownState, { badge: string; color?: string }> = {
  'up-to-date': { badge: '✓' },
  changed: { badge: '●', color: 'charts.yellow' },
  'never-run': { badge: '○', color: 'charts.yellow' },
  frozen: { badge: '❄' },
  running: { badge: '↻', color: 'charts.blue' },
  failed: { badge: '✗', color: 'testing.iconFailed' },
  unknown: { badge: '…' },
};

export function outputDecoration(owner: OwnedOutput, state: ShownState, reasons: readonly string[]): OutputDecoration {
  const why = state === 'changed' && reasons.length > 0 ? ` (${reasons.slice(0, 2).join('; ')})` : '';
  return {
    ...look[state],
    tooltip: kindText(owner.kind, owner.stageId, `${stateText[state]}${why}`),
  };
}

/** Each tracked path (absolute, the platform's separators) → its state, from the last status. */
export function trackedPaths(tracked: readonly TrackedStatus[]): Map<string, TrackedStatus> {
  return new Map(tracked.map((t) => [path.resolve(t.abs), t]));
}

/** A tracked path: settled when DVC would say nothing of it, else marked changed with `dvc status`'s word for it. */
export function trackedDecoration(t: TrackedStatus, root: string): OutputDecoration {
  const by = path.relative(root, t.dvcFile).split(path.sep).join('/');
  if (t.state === 'up-to-date') return { ...look['up-to-date'], tooltip: l10n.t('Tracked by {0} — up to date', by) };
  return { ...look.changed, tooltip: l10n.t('Tracked by {0} — {1}', by, trackedText(t.state)) };
}

/** `dvc status`'s word for it, and what brings it back in line. */
function trackedText(state: Exclude<TrackedState, 'up-to-date'>): string {
  if (state === 'modified') return l10n.t('modified since it was added (dvc add records it, dvc checkout restores it)');
  if (state === 'deleted') return l10n.t('deleted (dvc checkout restores it)');
  return l10n.t('not in cache (dvc commit stores it, dvc pull fetches it)');
}

/** A stage's output, its kind said (translated at call time: the bundle is read after activate() starts). */
function kindText(kind: OwnedOutput['kind'], stage: string, state: string): string {
  if (kind === 'outs') return l10n.t('Output of stage {0} — {1}', stage, state);
  if (kind === 'metrics') return l10n.t('Metrics of stage {0} — {1}', stage, state);
  return l10n.t('Plots of stage {0} — {1}', stage, state);
}
