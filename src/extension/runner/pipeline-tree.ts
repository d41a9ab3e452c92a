// What the Pipeline view shows, as data (no vscode import, so it is tested and benchmarked on its own): the stages
// grouped by dvc.yaml (when there are several) and by foreach/matrix template (core/pipeline/stage-groups.ts), each
// group with its counts (`7 stages · 5 changed · 2 up to date`) and drawn in its worst state, rows labelled with
// the part that differs, narrowed by the view's filter. Built once per status change; rows are made as VS Code
// asks for them, so a folded group of a thousand stages costs one row.
import { groupStages, stagesUnder, type StageRef, type StageTreeNode } from '../../core/pipeline/stage-groups';
import { matchesFilter, type StageFilter } from '../../core/runner/stage-filter';
import { countStates, countsText, stateText, worstState, type ShownState } from '../../core/runner/stage-view';
import * as l10n from '@vscode/l10n';

/** A stage as the view needs it: its address and place, and what to show. */
export interface ViewStage extends StageRef {
  /** The workspace folder holding it: what a Run action on its row runs in. */
  folder: string;
  state: ShownState;
  reasons: string[];
}

export type PipelineNode =
  | {
      kind: 'group';
      group: StageTreeNode<ViewStage> & { kind: 'file' | 'template' };
      stages: string[];
      folder: string | undefined;
    }
  | { kind: 'stage'; stage: ViewStage; label: string }
  | { kind: 'reason'; text: string };

/** One row, as VS Code's TreeItem will hold it. */
export interface PipelineRow {
  id?: string;
  label: string;
  description: string;
  tooltip: string;
  state: ShownState | 'reason';
  /** none = a leaf; collapsed/expanded = has children, shown so at first. */
  children: 'none' | 'collapsed' | 'expanded';
  contextValue?: 'stage' | 'stage.running' | 'group';
  /** The stage a click reveals in its dvc.yaml. */
  reveal?: string;
}

/** The top rows: the groups and stages that pass the filter (all when there is none). */
export function pipelineRoots(stages: readonly ViewStage[], filter?: StageFilter): PipelineNode[] {
  const shown = filter ? stages.filter((s) => matchesFilter(filter, s, s.state)) : stages;
  return groupStages(shown).map(toNode);
}

function toNode(node: StageTreeNode<ViewStage>): PipelineNode {
  if (node.kind === 'stage') return { kind: 'stage', stage: node.stage, label: node.label };
  const stages = stagesUnder(node);
  return { kind: 'group', group: node, stages: stages.map((s) => s.id), folder: stages[0]?.folder };
}

export function pipelineChildren(node: PipelineNode): PipelineNode[] {
  switch (node.kind) {
    case 'group':
      return node.group.kind === 'file' ? node.group.children.map(toNode) : node.group.members.map(toNode);
    case 'stage':
      return node.stage.state === 'changed' ? node.stage.reasons.map((text) => ({ kind: 'reason', text })) : [];
    case 'reason':
      return [];
  }
}

/** `filtered`: groups open at first, so what matched is in sight. */
export function pipelineRow(node: PipelineNode, filtered: boolean): PipelineRow {
  switch (node.kind) {
    case 'reason':
      return { label: node.text, description: '', tooltip: node.text, state: 'reason', children: 'none' };
    case 'stage': {
      const s = node.stage;
      return {
        id: `stage:${s.id}`,
        label: node.label,
        description: stateText[s.state],
        tooltip: `${s.id} — ${stateText[s.state]}${s.reasons.length > 0 ? `\n${s.reasons.join('\n')}` : ''}\n${s.file}`,
        state: s.state,
        children: s.state === 'changed' && s.reasons.length > 0 ? 'collapsed' : 'none',
        contextValue: s.state === 'running' ? 'stage.running' : 'stage',
        reveal: s.id,
      };
    }
    case 'group': {
      const g = node.group;
      const counts = countStates(stagesUnder(g).map((s) => s.state));
      const text = countsText(counts);
      const file = g.kind === 'file';
      return {
        // Under a filter, new ids: VS Code keeps a known row's folded state, and matches must show.
        id: `${file ? `file:${g.file}` : `template:${g.id}`}${filtered ? ':filtered' : ''}`,
        label: file ? g.file : g.template,
        description: text,
        tooltip: file
          ? `${g.file}\n${text}`
          : l10n.t('{0} — {1} over {2} values\n{3}\n{4}', g.id, g.expansion, g.members.length, text, g.file),
        state: worstState(counts),
        // Files open (there are few); a template's expansions stay folded until asked for, unless filtering.
        children: file || filtered ? 'expanded' : 'collapsed',
        contextValue: 'group',
        ...(file ? {} : { reveal: (stagesUnder(g)[0] as ViewStage).id }),
      };
    }
  }
}
