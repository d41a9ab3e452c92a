// The one typed message contract between the extension host and the metrics panels.
// The panel says `ready` first; the host answers with `load` (full state) and then only sends
// increments (`append`, `runUpdated`). Both sides import these types; nothing else crosses the boundary.
import type { HistoryPoint, MetricPoint, RunSummary } from '../core/tracking/types';
import type { DagLayout } from '../core/pipeline/dag-layout';
import type { StageView } from '../core/runner/stage-view';
import type { DrawList } from '../core/plots/primitives';
import type { ColumnResult, Distribution, DriftReport } from '../core/drift';
import type { RunGate } from '../core/checks';
import type { CompareChoice } from '../core/plots/compare-choices';

export type PanelKind = 'run' | 'compare';

/** Every panel bundle under dist/webview: the metrics panels, the plots panel, the pipeline graph, data drift, the experiments table. */
export type PanelBundle = PanelKind | 'plots' | 'dag' | 'drift' | 'experiments';

/**
 * One metric's history as columns of float64. A million points as three typed arrays cross the host/panel
 * boundary as three memory copies — tens of times faster than a million small objects or number arrays —
 * and NaN and ±Infinity survive the trip, which JSON would not allow.
 */
export interface Series {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/** Every history the panel shows, per run and metric key. */
export type Histories = Record<string, Record<string, Series>>;

export function toSeries(points: readonly HistoryPoint[]): Series {
  const series = {
    steps: new Float64Array(points.length),
    values: new Float64Array(points.length),
    timestamps: new Float64Array(points.length),
  };
  points.forEach((p, i) => {
    series.steps[i] = p.step;
    series.values[i] = p.value;
    series.timestamps[i] = p.timestamp;
  });
  return series;
}

export type XAxis = 'step' | 'wall' | 'relative';

/** What the user chose in the panel; kept with `setState` so it survives hiding and window reloads. */
export interface ViewSettings {
  xAxis: XAxis;
  /** Exponential moving average weight in [0, 0.99]; 0 = raw. */
  smoothing: number;
  logScale: boolean;
  /** Compare panel: hide params/metrics equal in every run. */
  onlyDifferences: boolean;
  /** Compare panel: the table's sort column (`param:lr`, `metric:acc`, `name`...) and direction. */
  sort?: { column: string; descending: boolean };
  /** Compare panel scatter: a param against a metric. */
  scatter?: { param: string; metric: string };
  /**
   * The Plots section: the "Compare with…" label overlaid and the `smooth` plots' bandwidth, restored after a
   * window reload (the host overlays the label only if it still offers it).
   */
  plots?: { compare?: string; smooth?: number };
}

/** What the panel persists, and what the host gets back from the serializer after a reload. */
export interface PersistedPanel {
  kind: PanelKind;
  runIds: string[];
  settings: ViewSettings;
}

/**
 * One DVC plot as the run panel shows it: laid out by the host (core/plots/draw.ts) as pixel primitives whose
 * colours `@rev0`, `@rev1`, ... the panel replaces with the run's colour and the compared revisions' colours;
 * images as data: URIs shown with <img> (an SVG is never inlined); or a message in the plot's place.
 */
export type PanelPlot =
  | { kind: 'drawing'; id: string; drawing: DrawList }
  | { kind: 'images'; id: string; images: { revision: string; src: string }[] }
  | { kind: 'message'; id: string; message: string };

/** The colour token of the i-th revision of a plot (0 = the run's own files). */
export const revisionToken = (index: number): string => `@rev${index}`;

export type HostMessage =
  | { type: 'load'; kind: PanelKind; runs: RunSummary[]; histories: Histories; settings?: ViewSettings }
  /**
   * DVC plots of `revisions` overlaid (`@revN` = revisions[N]). `owners[N]` keys revision N's colour: a run id in
   * the run and compare panels (the run's colour everywhere), the revision name in the plots panel. `notes` say
   * what is not shown and why. Run and compare panels: `choices` are the revisions offered to overlay ("Compare
   * with…": git's and the registry's promoted model versions), `compare` the label of the one overlaid. `smooth`:
   * the `smooth` plots' loess bandwidth (DVC's slider), null when no plot uses that template.
   */
  | {
      type: 'plots';
      plots: PanelPlot[];
      revisions: string[];
      owners: string[];
      notes: string[];
      compare: string | null;
      choices: CompareChoice[];
      smooth: number | null;
    }
  /** New points of a live run, in logging order. */
  | { type: 'append'; runId: string; points: MetricPoint[] }
  /** Status, end time or latest metrics changed. */
  | { type: 'runUpdated'; run: RunSummary }
  /** The run's quality gate (.mlops.json "checks"), evaluated by the host after `load` (run panel). */
  | { type: 'gate'; gate: RunGate }
  /** The host could not load a run (deleted, server unreachable...): shown as a message, not a crash. */
  | { type: 'error'; message: string };

/**
 * Commands a panel may ask for: the same command ids as the palette and the tree (one code path). The only ones:
 * a page is untrusted content rendered from run data, so the host runs nothing else (contract-guards.ts).
 */
export const PANEL_COMMANDS = ['mlops.compareRuns', 'mlops.openRunPanel', 'mlops.copyRunId'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type PanelMessage =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand; runIds: string[] }
  /** Export: the host shows a save dialog and writes the file. `data` is text, or base64 for PNG. */
  | { type: 'export'; fileName: string; format: 'csv' | 'svg' | 'png'; data: string }
  | { type: 'settings'; settings: ViewSettings }
  /** Overlay the plots of an offered choice, by its label (HEAD, a branch, a tag, a model version), or none. */
  | { type: 'comparePlots'; revision: string | null }
  /** Draw the `smooth` plots' trend lines at this loess bandwidth (DVC's slider: 0.001 to 1). */
  | { type: 'smoothPlots'; bandwidth: number };

export const defaultSettings: ViewSettings = {
  xAxis: 'step',
  smoothing: 0,
  logScale: false,
  onlyDifferences: false,
};

const hostTypes = new Set<HostMessage['type']>(['load', 'plots', 'append', 'runUpdated', 'gate', 'error']);

/** Messages cross a process boundary: check the discriminant before trusting the shape. */
export function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && hostTypes.has((value as { type: HostMessage['type'] }).type);
}

// ─── The pipeline graph panel (DAG) ───────────────────────────────────────────────────────────────────
// A contract of its own: the metrics panels never receive these. The host lays the graph out (pure core
// function) and sends it once in `load`; status changes arrive as `statusUpdated` and never move a node.

/** What a stage node shows: the pipeline status, or what this editor session's run is doing. */
export type DagStatus = StageView;

export interface DagStageStatus {
  /** `unknown` = still being checked (or the status could not be computed). */
  status: DagStatus | 'unknown';
  /** The state in words as every view says it (`up to date`, `checking…`): the host's one vocabulary. */
  label: string;
  /** Why it is not up to date ("dep changed: data/train.csv"); empty when there is nothing to say. */
  reasons: string[];
}

/** A node of the drawing. Kinds are open: more (tracked data files) may join. */
export type DagNodeInfo =
  | {
      kind: 'stage';
      /** DVC's address: `train`, or `sub/dvc.yaml:train`. */
      id: string;
      /** What the node says: the name in its dvc.yaml (the part that differs kept whole when shortened). */
      label: string;
      /** The dvc.yaml it is written in, relative to the workspace folder. */
      file: string;
      /** The `foreach`/`matrix` group it was opened from: its node can fold the group again. */
      group?: string;
    }
  | {
      kind: 'group';
      /** The template's address (`train`, `sub/dvc.yaml:train`), which DVC accepts for all its expansions. */
      id: string;
      label: string;
      file: string;
      expansion: 'foreach' | 'matrix';
      /** The stages it stands for (in a focused view, only those around the focus). */
      members: string[];
    };

/** How many stages of the drawing (folded groups' members included) are in one state, for the toolbar's legend. */
export interface DagStateCount {
  status: DagStatus | 'unknown';
  label: string;
  count: number;
}

/** What a folded group shows: its worst member's status and the counts (`18 expansions · 12 changed · …`). */
export interface DagGroupStatus {
  status: DagStatus | 'unknown';
  counts: string;
}

export type DagRunMode = 'single' | 'upstream' | 'downstream';

/** The panel's size, which the first view fits to. */
export interface DagWindow {
  width: number;
  height: number;
}

/** The statuses of a drawing: each drawn stage's, each folded group's, and the counts per state. */
export interface DagStatuses {
  statuses: Record<string, DagStageStatus>;
  groups: Record<string, DagGroupStatus>;
  summary: DagStateCount[];
}

export type DagHostMessage =
  /**
   * Nodes and layout share indices; edges are `from`/`to` indices. `statuses` holds the stages drawn as nodes (a
   * folded group's members are in its `groups` entry and the summary), so the message grows with the drawing.
   */
  | ({
      type: 'load';
      nodes: DagNodeInfo[];
      layout: DagLayout;
      /** The stage the drawing is limited to (with its upstream and downstream), if any. */
      focus?: string;
      /** Bring these nodes into view (a group just opened, a stage just focused). */
      reveal?: string[];
    } & DagStatuses)
  /** The drawn nodes' statuses now (by id): classes and labels change, positions do not. */
  | ({ type: 'statusUpdated' } & DagStatuses)
  /** Bring one stage into view and focus it (from the Pipeline view's "Show in Graph"). */
  | { type: 'focus'; stageId: string }
  | { type: 'error'; message: string };

export type DagPanelMessage =
  | { type: 'ready'; window: DagWindow }
  | { type: 'reveal'; stageId: string }
  /** `stageId` may name a group: its stages are run. */
  | { type: 'run'; stageId: string; mode: DagRunMode }
  /** Open or fold one group (`groupId`), or every group (`groupId` absent). */
  | { type: 'openGroups'; groupId?: string; open: boolean }
  /** Limit the drawing to a stage with its upstream and downstream; no `stageId` = the whole pipeline again. */
  | { type: 'focusStage'; stageId?: string };

/** Pan and zoom, kept with `setState` so a reload shows the same part of the graph. */
export interface DagViewport {
  x: number;
  y: number;
  scale: number;
}

export interface PersistedDagPanel {
  kind: 'dag';
  viewport?: DagViewport;
}

/** Node box size from its label, shared by the host (layout) and the panel (which shortens what still overflows). */
export const dagNodeMetrics = {
  height: 42,
  minWidth: 140,
  maxWidth: 300,
  fontSize: 13,
  padLeft: 16,
  padRight: 30,
} as const;

/** The smallest scale the first view uses: node names at least 10 px tall. Below it, groups fold instead. */
export const MIN_LEGIBLE_SCALE = 10 / dagNodeMetrics.fontSize;

/**
 * Advance of a character in em of a bold UI font, measured on DejaVu Sans Bold (the widest common one: labels
 * fit in it, and a narrower font only leaves some room).
 */
function charEm(c: string): number {
  if (/[ 'ijl/IJ\\|,.:;f-]/.test(c)) return 0.4;
  if (/[!()[\]tr_`"*]/.test(c)) return 0.5;
  if (/[wmMW@%]/.test(c)) return 1.02;
  if (/[A-Z#+<=>^~&]/.test(c)) return 0.82;
  return 0.7;
}

/** A node name's width in px at the node font size, on the widest common font (so it fits in any). */
export function dagLabelWidth(label: string): number {
  let em = 0;
  for (const c of label) em += charEm(c);
  return Math.ceil(em * dagNodeMetrics.fontSize);
}

export function dagNodeWidth(label: string): number {
  const m = dagNodeMetrics;
  return Math.min(m.maxWidth, Math.max(m.minWidth, dagLabelWidth(label) + m.padLeft + m.padRight));
}

const dagHostTypes = new Set<DagHostMessage['type']>(['load', 'statusUpdated', 'focus', 'error']);
const dagPanelTypes = new Set<DagPanelMessage['type']>(['ready', 'reveal', 'run', 'openGroups', 'focusStage']);
const runModes = new Set<DagRunMode>(['single', 'upstream', 'downstream']);

export function isDagHostMessage(value: unknown): value is DagHostMessage {
  return (
    typeof value === 'object' && value !== null && dagHostTypes.has((value as { type: DagHostMessage['type'] }).type)
  );
}

/** Checks the fields the host acts on, not only the discriminant: a stage id goes into a command. */
export function isDagPanelMessage(value: unknown): value is DagPanelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as {
    type?: unknown;
    stageId?: unknown;
    mode?: unknown;
    groupId?: unknown;
    open?: unknown;
    window?: unknown;
  };
  if (!dagPanelTypes.has(m.type as DagPanelMessage['type'])) return false;
  switch (m.type as DagPanelMessage['type']) {
    case 'ready': {
      const w = m.window as { width?: unknown; height?: unknown } | undefined;
      return typeof w === 'object' && w !== null && isSize(w.width) && isSize(w.height);
    }
    case 'reveal':
      return typeof m.stageId === 'string';
    case 'run':
      return typeof m.stageId === 'string' && runModes.has(m.mode as DagRunMode);
    case 'openGroups':
      return typeof m.open === 'boolean' && (m.groupId === undefined || typeof m.groupId === 'string');
    case 'focusStage':
      return m.stageId === undefined || typeof m.stageId === 'string';
  }
}

const isSize = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 100_000;

// ─── The drift panel ──────────────────────────────────────────────────────────────────────────────────
// A reference/current data pair compared by core/drift: the host computes everything (tests, severity order,
// distributions) and sends it once; the panel draws. `refresh` reads the files again (new batch on disk).

export interface DriftPanelColumn {
  result: ColumnResult;
  /** How far the decisive test is past (> 1) or short of (< 1) its threshold; the columns arrive sorted by it. */
  severity: number;
  distribution: Distribution;
}

export type DriftHostMessage =
  /** `state`: what the panel saves with setState, so a window reload reopens this pair. */
  | { type: 'load'; summary: Omit<DriftReport, 'columns'>; columns: DriftPanelColumn[]; state: PersistedDriftPanel }
  | { type: 'error'; message: string };

export type DriftPanelMessage = { type: 'ready' } | { type: 'refresh' };

/** What the Plots panel persists: the revisions it overlays and the `smooth` plots' bandwidth, so a window reload
 * opens the same picture. */
export interface PersistedPlotsPanel {
  kind: 'plots';
  revisions: string[];
  smooth?: number;
}

/** What the drift panel persists: the pair it compares, so a window reload opens the same comparison. */
export interface PersistedDriftPanel {
  kind: 'drift';
  reference: string;
  current: string;
}

const driftHostTypes = new Set<DriftHostMessage['type']>(['load', 'error']);
const driftPanelTypes = new Set<DriftPanelMessage['type']>(['ready', 'refresh']);

/** Checks the shape the panel draws from, not only the discriminant: a column without tests would throw mid-render. */
export function isDriftHostMessage(value: unknown): value is DriftHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; message?: unknown; summary?: unknown; columns?: unknown };
  if (!driftHostTypes.has(m.type as DriftHostMessage['type'])) return false;
  if (m.type === 'error') return typeof m.message === 'string';
  return (
    typeof m.summary === 'object' &&
    m.summary !== null &&
    Array.isArray(m.columns) &&
    m.columns.every((c: unknown) => {
      const col = c as Partial<DriftPanelColumn> | null;
      return (
        typeof col === 'object' &&
        col !== null &&
        typeof col.severity === 'number' &&
        typeof col.result?.name === 'string' &&
        Array.isArray(col.result.tests) &&
        typeof col.distribution?.kind === 'string'
      );
    })
  );
}

export function isDriftPanelMessage(value: unknown): value is DriftPanelMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    driftPanelTypes.has((value as { type: DriftPanelMessage['type'] }).type)
  );
}
