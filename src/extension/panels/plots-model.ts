// What the panels' Plots sections show, computed on the host from the plots core (vscode-free, tested without
// VS Code): every plot of the workspace's dvc.yaml files at the named revisions, laid out at the panels' chart
// size, each revision with the key of its colour. The run panel shows its working copy, the compare panel each
// run's revision (its experiment, else its commit); both overlay the "Compare with…" choice picked (HEAD, a branch,
// a tag or a promoted model version's commit: core/plots/compare-choices.ts). The plots panel shows the revisions
// another view asked for (`mlops.plots.showForRevisions`).
import { experimentRefOf } from '../../core/experiments/workspace-run';
import type { RunSummary } from '../../core/tracking/types';
import type { CompareChoice } from '../../core/plots/compare-choices';
import { collectPlots } from '../../core/plots/collect';
import { drawScene } from '../../core/plots/draw';
import { namedRevisions } from '../../core/plots/revision-names';
import { buildScene } from '../../core/plots/scene';
import { DVC_SMOOTH_BANDWIDTH } from '../../core/plots/loess';
import { WORKSPACE, type TreeView } from '../../core/revisions/git-tree';
import { revisionToken, type HostMessage, type PanelPlot } from '../../webview/contract';
import * as l10n from '@vscode/l10n';

type PlotsMessage = Extract<HostMessage, { type: 'plots' }>;

const WIDTH = 460;
const HEIGHT = 300;
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

export interface PlotsView {
  root: string;
  /** The names the plots show, in order; `treeOf` reads each (default: `workspace` or what git resolves). */
  revisions: string[];
  treeOf?: (revision: string) => TreeView;
  /** The colour key of each revision, parallel to `revisions` (a run id, or the revision's own name). */
  owners: string[];
  /** Said above the plots: runs without plots, names that did not resolve. */
  notes?: string[];
  /** The label of the overlaid choice, and the choices offered (run and compare panels). */
  compare?: string | null;
  choices?: CompareChoice[];
  /** The `smooth` plots' loess bandwidth (DVC's slider); DVC's initial one by default. */
  smooth?: number;
}

export function plotsMessage(view: PlotsView): PlotsMessage {
  const { revisions } = view;
  const smooth = view.smooth ?? DVC_SMOOTH_BANDWIDTH;
  const result = collectPlots({ root: view.root, revisions, ...(view.treeOf ? { treeOf: view.treeOf } : {}) });
  const plots: PanelPlot[] = result.plots.map((plot) => {
    const issues = result.errors.filter((e) => e.plotId === plot.id);
    if (plot.kind === 'image')
      return {
        kind: 'images',
        id: plot.id,
        images: plot.images.map((img) => ({
          revision: img.revision,
          src: `data:${MIME[img.file.slice(img.file.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream'};base64,${img.bytes.toString('base64')}`,
        })),
      };
    if (plot.kind === 'empty') {
      const why = issues.map((e) => `${e.source ? `${e.source}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}`);
      return {
        kind: 'message',
        id: plot.id,
        message: why.length > 0 ? why.join('\n') : l10n.t('{0} has no data', plot.id),
      };
    }
    const built = buildScene(plot, {
      colorOf: (revision) => revisionToken(revisions.indexOf(revision)),
      smoothBandwidth: smooth,
    });
    if (!built.ok) return { kind: 'message', id: plot.id, message: built.problem.message };
    return { kind: 'drawing', id: plot.id, drawing: drawScene(built.scene, WIDTH, HEIGHT) };
  });
  for (const e of result.errors.filter((x) => x.plotId === undefined))
    plots.push({ kind: 'message', id: e.source ?? e.revision, message: e.message });
  return {
    type: 'plots',
    plots,
    revisions,
    owners: view.owners,
    notes: view.notes ?? [],
    compare: view.compare ?? null,
    choices: view.choices ?? [],
    smooth: result.plots.some(
      (p) => p.kind === 'vega' && p.template.kind === 'built-in' && p.template.name === 'smooth',
    )
      ? smooth
      : null,
  };
}

/** The run panel: the working copy as the run's own plots, overlaid with the chosen revision, named by its label. */
export function runPlotsMessage(
  root: string,
  runId: string,
  compare: CompareChoice | null,
  choices: CompareChoice[],
  smooth?: number,
): PlotsMessage {
  const revisionOf = new Map([[WORKSPACE, WORKSPACE]]);
  if (compare !== null) revisionOf.set(compare.label, compare.revision);
  const named = namedRevisions(root, revisionOf);
  return plotsMessage({
    root,
    revisions: named.names,
    treeOf: named.treeOf,
    owners: [runId, ...named.names.slice(1)],
    compare: compare?.label ?? null,
    choices,
    ...(smooth === undefined ? {} : { smooth }),
  });
}

/**
 * The compare panel: each run's plots at the revision holding them — its experiment's ref (`mlops.exp.ref`,
 * the commit `dvc exp` made of it) or else the commit it ran at — named after the run. Runs without git, or
 * sharing a revision with a run listed before them, are named in the notes instead.
 */
export function runsPlotsMessage(
  root: string,
  runs: readonly RunSummary[],
  compare: CompareChoice | null = null,
  choices: CompareChoice[] = [],
  smooth?: number,
): PlotsMessage {
  const revisionOf = new Map<string, string>();
  const owners: string[] = [];
  const shownBy = new Map<string, string>();
  const notes: string[] = [];
  for (const run of runs) {
    const experimentRef = experimentRefOf(run.tags);
    const revision = experimentRef ?? run.git?.commit;
    if (revision === undefined) {
      notes.push(`${run.name}: no git commit recorded, so its plots cannot be read`);
      continue;
    }
    const same = shownBy.get(revision);
    if (same !== undefined) {
      notes.push(`${run.name}: same revision as ${same}, whose plots are shown`);
      continue;
    }
    const label = revisionOf.has(run.name) ? `${run.name} (${run.id.slice(0, 7)})` : run.name;
    shownBy.set(revision, label);
    revisionOf.set(label, revision);
    owners.push(run.id);
    if (experimentRef === undefined && run.git?.dirty)
      notes.push(`${label}: ran with uncommitted changes; its plots are shown as committed at ${revision.slice(0, 7)}`);
  }
  // The chosen revision last, in its own colour (its owner is its label, not a run).
  if (compare !== null) {
    if (revisionOf.has(compare.label)) notes.push(`${compare.label}: a run of that name is shown already`);
    else {
      revisionOf.set(compare.label, compare.revision);
      owners.push(compare.label);
    }
  }
  const named = namedRevisions(root, revisionOf);
  return plotsMessage({
    root,
    revisions: named.names,
    treeOf: named.treeOf,
    owners,
    notes,
    compare: compare?.label ?? null,
    choices,
    ...(smooth === undefined ? {} : { smooth }),
  });
}

/** The Plots section's message when the plots could not be read at all. */
export function plotsFailure(err: unknown, compare: string | null = null, choices: CompareChoice[] = []): PlotsMessage {
  return {
    type: 'plots',
    plots: [{ kind: 'message', id: 'plots', message: err instanceof Error ? err.message : String(err) }],
    revisions: [],
    owners: [],
    notes: [],
    compare,
    choices,
    smooth: null,
  };
}
