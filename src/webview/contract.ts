// The one typed message contract between the extension host and the metrics panels.
// The panel says `ready` first; the host answers with `load` (full state) and then only sends
// increments (`append`, `runUpdated`). Both sides import these types; nothing else crosses the boundary.
import type { HistoryPoint, MetricPoint, RunSummary } from '../core/tracking/types';

export type PanelKind = 'run' | 'compare';

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
  const series = { steps: new Float64Array(points.length), values: new Float64Array(points.length), timestamps: new Float64Array(points.length) };
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
}

/** What the panel persists, and what the host gets back from the serializer after a reload. */
export interface PersistedPanel {
  kind: PanelKind;
  runIds: string[];
  settings: ViewSettings;
}

export type HostMessage =
  | { type: 'load'; kind: PanelKind; runs: RunSummary[]; histories: Histories; settings?: ViewSettings }
  /** New points of a live run, in logging order. */
  | { type: 'append'; runId: string; points: MetricPoint[] }
  /** Status, end time or latest metrics changed. */
  | { type: 'runUpdated'; run: RunSummary }
  /** The host could not load a run (deleted, server unreachable...): shown as a message, not a crash. */
  | { type: 'error'; message: string };

/** Commands a panel may ask for: the same command ids as the palette and the tree (one code path). */
export type PanelCommand = 'mlops.compareRuns' | 'mlops.openRunPanel' | 'mlops.copyRunId';

export type PanelMessage =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand; runIds: string[] }
  /** Export: the host shows a save dialog and writes the file. `data` is text, or base64 for PNG. */
  | { type: 'export'; fileName: string; format: 'csv' | 'svg' | 'png'; data: string }
  | { type: 'settings'; settings: ViewSettings };

export const defaultSettings: ViewSettings = {
  xAxis: 'step',
  smoothing: 0,
  logScale: false,
  onlyDifferences: false,
};

const hostTypes = new Set<HostMessage['type']>(['load', 'append', 'runUpdated', 'error']);
const panelTypes = new Set<PanelMessage['type']>(['ready', 'command', 'export', 'settings']);

/** Messages cross a process boundary: check the discriminant before trusting the shape. */
export function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && hostTypes.has((value as { type: HostMessage['type'] }).type);
}

export function isPanelMessage(value: unknown): value is PanelMessage {
  return typeof value === 'object' && value !== null && panelTypes.has((value as { type: PanelMessage['type'] }).type);
}
