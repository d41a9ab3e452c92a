// What the pipeline graph panel is sent, computed without vscode: the stages of a workspace as nodes (DVC's
// addresses), `foreach`/`matrix` groups folded or open, optionally limited to one stage's upstream and
// downstream, laid out by the core; and each stage's and group's status as the Pipeline view shows it.
// The first view opens groups only while the whole drawing stays legible in the panel (names ≥ 10 px).
import * as path from 'node:path';
import {
  collapseGraph,
  firstExpansion,
  neighbourhood,
  type CollapsedGraph,
  type GroupedGraph,
} from '../../core/pipeline/dag-collapse';
import { layoutDag, type DagLayout } from '../../core/pipeline/dag-layout';
import {
  distinctFrom,
  groupStages,
  shortenKeepingTail,
  stagesUnder,
  uniqueNames,
  type StageRef,
  type TemplateGroup,
} from '../../core/pipeline/stage-groups';
import { countStates, countsText, stateText, worstState, type ShownState } from '../../core/runner/stage-view';
import type { Workspace } from '../../core/runner/workspace';
import {
  dagLabelWidth,
  dagNodeMetrics,
  dagNodeWidth,
  MIN_LEGIBLE_SCALE,
  type DagGroupStatus,
  type DagNodeInfo,
  type DagStageStatus,
  type DagStatus,
  type DagStatuses,
  type DagWindow,
} from '../../webview/contract';

/** The stage graph of a workspace with its groups, by index; read once per change of dvc.yaml files. */
export interface DagStages {
  refs: StageRef[];
  index: Map<string, number>;
  groups: TemplateGroup<StageRef>[];
  grouped: GroupedGraph;
  /** Each stage's short name (unique across files). */
  names: string[];
  /** Equal signatures = same stages and edges: the drawing can stay and only statuses change. */
  signature: string;
}

export function dagStages(ws: Workspace): DagStages {
  const refs: StageRef[] = [...ws.nodes.values()].map((n) => ({
    id: n.id,
    file: path.relative(ws.root, n.pipeline.file).split(path.sep).join('/'),
    name: n.stage.name,
    ...(n.stage.expansion ? { expansion: n.stage.expansion } : {}),
  }));
  const index = new Map(refs.map((r, i) => [r.id, i]));
  const edges = refs.flatMap((r, to) =>
    (ws.graph.upstream.get(r.id) ?? []).map((up) => ({ from: index.get(up) as number, to })),
  );
  const groups = groupStages(refs).flatMap((node) =>
    node.kind === 'file' ? node.children.filter((c) => c.kind === 'template') : node.kind === 'template' ? [node] : [],
  );
  const groupOf = new Array<number>(refs.length).fill(-1);
  groups.forEach((g, k) => {
    for (const s of stagesUnder(g)) groupOf[index.get(s.id) as number] = k;
  });
  return {
    refs,
    index,
    groups,
    grouped: { groupOf, groupCount: groups.length, edges },
    names: uniqueNames(refs),
    signature: JSON.stringify([refs.map((r) => r.id), edges.map((e) => [e.from, e.to])]),
  };
}

/** What the reader chose: open groups (none chosen yet = the first view decides) and a focused stage. */
export interface DagViewState {
  expanded?: ReadonlySet<string>;
  focus?: string;
  window: DagWindow;
}

export interface DagDrawing {
  nodes: DagNodeInfo[];
  layout: DagLayout;
  /** The groups open in this drawing (the first view's choice when none was given). */
  expanded: Set<string>;
  /** The focused stage, when it still exists. */
  focus?: string;
}

/** Room for a name in the widest box. */
const LABEL_ROOM = dagNodeMetrics.maxWidth - dagNodeMetrics.padLeft - dagNodeMetrics.padRight;
/** Space the panel keeps around the drawing (the panel's fit margin, both sides). */
const WINDOW_MARGIN = 48;

export function dagDrawing(stages: DagStages, view: DagViewState): DagDrawing {
  const focusIndex = view.focus === undefined ? undefined : stages.index.get(view.focus);
  const only =
    focusIndex === undefined ? undefined : neighbourhood(stages.refs.length, stages.grouped.edges, focusIndex);
  const groupIndex = new Map(stages.groups.map((g, k) => [g.id, k]));
  const expanded = view.expanded
    ? new Set([...view.expanded].flatMap((id) => groupIndex.get(id) ?? []))
    : firstView(stages, view.window, only, focusIndex === undefined ? undefined : stages.grouped.groupOf[focusIndex]);
  if (focusIndex !== undefined) {
    const g = stages.grouped.groupOf[focusIndex] as number;
    if (g >= 0) expanded.add(g);
  }
  const drawing = collapseGraph(stages.grouped, expanded, only);
  const nodes = nodeInfos(stages, drawing);
  return {
    nodes,
    layout: layOut(nodes, drawing),
    expanded: new Set([...expanded].map((k) => (stages.groups[k] as TemplateGroup<StageRef>).id)),
    ...(focusIndex === undefined ? {} : { focus: view.focus }),
  };
}

function nodeInfos(stages: DagStages, drawing: CollapsedGraph): DagNodeInfo[] {
  return drawing.nodes.map((n): DagNodeInfo => {
    if (n.kind === 'group') {
      const g = stages.groups[n.group] as TemplateGroup<StageRef>;
      return {
        kind: 'group',
        id: g.id,
        label: fit(g.template),
        file: g.file,
        expansion: g.expansion,
        members: n.members.map((s) => (stages.refs[s] as StageRef).id),
      };
    }
    const ref = stages.refs[n.stage] as StageRef;
    const g = stages.grouped.groupOf[n.stage] as number;
    return {
      kind: 'stage',
      id: ref.id,
      label: fit(stages.names[n.stage] as string),
      file: ref.file,
      ...(g >= 0 ? { group: (stages.groups[g] as TemplateGroup<StageRef>).id } : {}),
    };
  });
}

/** A name shortened to the widest box by cutting the template part: the key after `@` is what differs. */
function fit(name: string): string {
  return shortenKeepingTail(name, distinctFrom(name), LABEL_ROOM, dagLabelWidth);
}

function boxWidth(node: DagNodeInfo): number {
  // A folded group takes the widest box: its counts line is long.
  return node.kind === 'group' ? dagNodeMetrics.maxWidth : dagNodeWidth(node.label);
}

function layOut(nodes: readonly DagNodeInfo[], drawing: CollapsedGraph): DagLayout {
  return layoutDag({
    nodes: nodes.map((n) => ({ width: boxWidth(n), height: dagNodeMetrics.height })),
    edges: drawing.edges,
  });
}

/**
 * The groups open in a first view: as many as keep the whole drawing legible. When even every group folded is too
 * wide, the reader will pan along the flow anyway: then only the height has to fit.
 */
function firstView(stages: DagStages, window: DagWindow, only?: ReadonlySet<number>, mustOpen?: number): Set<number> {
  const whole = (d: CollapsedGraph) => legible(stages, d, window, true);
  const chosen = firstExpansion(stages.grouped, whole, only, mustOpen);
  if (whole(collapseGraph(stages.grouped, chosen, only))) return chosen;
  return firstExpansion(stages.grouped, (d) => legible(stages, d, window, false), only, mustOpen);
}

/**
 * Whether a drawing fits the window (whole, or only its height when `wide` is false) at a legible scale. A drawing
 * with more nodes than the window could hold side by side at that scale is refused before any layout is computed.
 */
function legible(stages: DagStages, drawing: CollapsedGraph, window: DagWindow, wide: boolean): boolean {
  const [w, h] = [
    (window.width - WINDOW_MARGIN) / MIN_LEGIBLE_SCALE,
    (window.height - WINDOW_MARGIN) / MIN_LEGIBLE_SCALE,
  ];
  if (w <= 0 || h <= 0) return drawing.nodes.length <= 1;
  const cell = (dagNodeMetrics.minWidth + 32) * (dagNodeMetrics.height + 8);
  if (wide && drawing.nodes.length * cell > w * h) return false;
  const layout = layOut(nodeInfos(stages, drawing), drawing);
  return layout.height <= h && (!wide || layout.width <= w);
}

/** What the graph needs to know of each stage now (the run service: running and failed win over the status). */
export interface StageStatusSource {
  viewOf(id: string): DagStatus | undefined;
  reasonsOf(id: string): readonly string[];
}

/**
 * The statuses of the stages drawn as nodes, each folded group's worst status and counts over its members in this
 * drawing, and the drawing's counts per state (what the toolbar says). Only what is drawn is sent: a folded
 * 2,000-stage pipeline's message stays the size of its 60 nodes.
 */
export function dagStatuses(source: StageStatusSource, nodes: readonly DagNodeInfo[]): DagStatuses {
  const statuses: Record<string, DagStageStatus> = {};
  const groups: Record<string, DagGroupStatus> = {};
  const drawn: ShownState[] = [];
  for (const n of nodes) {
    if (n.kind === 'group') {
      const states = n.members.map((id): ShownState => source.viewOf(id) ?? 'unknown');
      const counts = countStates(states);
      groups[n.id] = { status: worstState(counts), counts: countsText(counts, 'expansion') };
      drawn.push(...states);
      continue;
    }
    const status = source.viewOf(n.id) ?? 'unknown';
    statuses[n.id] = { status, label: stateText[status], reasons: [...source.reasonsOf(n.id)] };
    drawn.push(status);
  }
  const summary = [...countStates(drawn)].map(([status, count]) => ({ status, label: stateText[status], count }));
  return { statuses, groups, summary };
}
