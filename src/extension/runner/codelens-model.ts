// The CodeLens of a dvc.yaml, as data (no vscode import: tested and benchmarked on its own). A plain stage gets its
// status and Run · Run with upstream · Run downstream. A foreach/matrix template gets ONE summary line however many
// expansions it has — `7 expansions: 5 changed · Run changed · Run all · Choose…` — where listing each expansion
// made lines of hundreds of characters with their Run links off-screen. Run changed and Run all reproduce what
// they name with its upstream, as `dvc repro <template>` does.
import * as path from 'node:path';
import { nodeId } from '../../core/pipeline/dag';
import type { Pipeline, Stage } from '../../core/pipeline/model';
import { countStates, stateText, type ShownState, type StageView } from '../../core/runner/stage-view';
import * as l10n from '@vscode/l10n';

export interface LensSpec {
  /** Where it sits: the stage's (or template's) name. */
  line: number;
  character: number;
  title: string;
  command: string;
  arguments?: unknown[];
  tooltip?: string;
}

/** What the lenses need to know of each stage now. */
export interface LensStatus {
  viewOf(id: string): StageView | undefined;
  reasonsOf(id: string): readonly string[];
  /** Why no status can be shown, when the last computation failed. */
  problem?: string;
}

const icon: Record<ShownState, string> = {
  'up-to-date': '$(check)',
  changed: '$(circle-filled)',
  'never-run': '$(circle-outline)',
  frozen: '$(lock)',
  running: '$(sync~spin)',
  failed: '$(error)',
  unknown: '$(loading~spin)',
};

/** Expansions worth running again: not up to date, and not frozen (DVC never runs a frozen stage). */
const stale = new Set<ShownState>(['changed', 'never-run', 'failed']);

export function pipelineLenses(pipeline: Pipeline, root: string, status: LensStatus): LensSpec[] {
  const base = path.resolve(root);
  const templates = new Map<string, { first: Stage; ids: string[] }>();
  const lenses: LensSpec[] = [];
  for (const stage of pipeline.stages) {
    const id = nodeId(pipeline, stage, base);
    if (stage.expansion) {
      const t = templates.get(stage.expansion.template);
      if (t) t.ids.push(id);
      else templates.set(stage.expansion.template, { first: stage, ids: [id] });
      continue;
    }
    lenses.push(...stageLenses(stage, id, status));
  }
  for (const [template, { first, ids }] of templates) lenses.push(...templateLenses(template, first, ids, status));
  return lenses.sort((a, b) => a.line - b.line);
}

function at(stage: Stage): { line: number; character: number } {
  return { line: stage.nameRange.start.line, character: stage.nameRange.start.character };
}

function stageLenses(stage: Stage, id: string, status: LensStatus): LensSpec[] {
  const where = at(stage);
  const view = status.viewOf(id);
  const lenses: LensSpec[] = [];
  if (status.problem !== undefined)
    lenses.push({
      ...where,
      title: l10n.t('$(error) status unavailable'),
      command: 'mlops.showOutput',
      tooltip: status.problem,
    });
  else if (view) {
    const reasons = status.reasonsOf(id);
    const brief = reasons.slice(0, 3).join('; ');
    lenses.push({
      ...where,
      title: `${icon[view]} ${stateText[view]}${view === 'changed' && brief ? ` — ${brief}` : ''}`,
      command: 'mlops.showPipeline',
      tooltip: reasons.join('\n'),
    });
  }
  if (view === 'running')
    return [...lenses, { ...where, title: l10n.t('$(debug-stop) Stop'), command: 'mlops.stopRun' }];
  return [
    ...lenses,
    {
      ...where,
      title: l10n.t('$(play) Run'),
      command: 'mlops.runStage',
      arguments: [id],
      tooltip: l10n.t('Run only {0}', stage.name),
    },
    {
      ...where,
      title: l10n.t('Run with upstream'),
      command: 'mlops.runStageWithUpstream',
      arguments: [id],
      tooltip: l10n.t('Run {0} and the stages it needs that are not up to date', stage.name),
    },
    {
      ...where,
      title: l10n.t('Run downstream'),
      command: 'mlops.runDownstream',
      arguments: [id],
      tooltip: l10n.t('Run {0} and everything that depends on it', stage.name),
    },
  ];
}

function templateLenses(template: string, first: Stage, ids: string[], status: LensStatus): LensSpec[] {
  const where = at(first);
  const noun = ids.length === 1 ? l10n.t('1 expansion') : l10n.t('{0} expansions', ids.length);
  if (status.problem !== undefined)
    return [
      { ...where, title: l10n.t('$(error) status unavailable'), command: 'mlops.showOutput', tooltip: status.problem },
    ];
  const states = ids.map((id): ShownState => status.viewOf(id) ?? 'unknown');
  const counts = countStates(states);
  const notSettled = [...counts].filter(([s]) => s !== 'up-to-date');
  const summary =
    notSettled.length === 0 ? l10n.t('all up to date') : notSettled.map(([s, n]) => `${n} ${stateText[s]}`).join(' · ');
  const worst = notSettled[0]?.[0] ?? 'up-to-date';
  const lenses: LensSpec[] = [
    {
      ...where,
      title: `${icon[worst]} ${noun}: ${summary}`,
      command: 'mlops.showPipeline',
      tooltip: tooltipOf(ids, states),
    },
  ];
  if (counts.has('running'))
    return [...lenses, { ...where, title: l10n.t('$(debug-stop) Stop'), command: 'mlops.stopRun' }];
  const changed = ids.filter((_, i) => stale.has(states[i] as ShownState));
  if (changed.length > 0)
    lenses.push({
      ...where,
      title: l10n.t('$(play) Run changed'),
      command: 'mlops.runStageWithUpstream',
      arguments: [changed],
      tooltip: l10n.t('Run the {0} of {1} not up to date, with what they need', changed.length, template),
    });
  lenses.push(
    {
      ...where,
      title: changed.length > 0 ? l10n.t('Run all') : l10n.t('$(play) Run all'),
      command: 'mlops.runStageWithUpstream',
      arguments: [ids],
      tooltip: l10n.t('Run every expansion of {0} (as dvc repro {0}), with what they need', template),
    },
    {
      ...where,
      title: l10n.t('Choose…'),
      command: 'mlops.chooseExpansions',
      arguments: [ids],
      tooltip: l10n.t("Pick which of the {0} to run, seeing each one's status and why", noun),
    },
  );
  return lenses;
}

/** Each expansion's state, the unsettled first, at most 25 lines. */
function tooltipOf(ids: readonly string[], states: readonly ShownState[]): string {
  const lines = ids
    .map((id, i) => ({ id, state: states[i] as ShownState }))
    .sort((a, b) => Number(a.state === 'up-to-date') - Number(b.state === 'up-to-date'))
    .map(({ id, state }) => `${id}: ${stateText[state]}`);
  return lines.length > 25 ? [...lines.slice(0, 24), `… and ${lines.length - 24} more`].join('\n') : lines.join('\n');
}
