// The experiments table's part of the host ⇄ panel contract (src/webview/contract.ts holds the metrics
// panels' and the graph's): the panel says `ready`, the host answers `load` with every row (the working copy,
// baselines, experiments) and the saved table settings, then sends `rows` whenever the experiments or the
// queue change. Filtering runs on the host (the Experiments view's filter language, core/tracking/filter.ts):
// the host sends the ids that match. The "Modify params" form asks for the params and has each edit's sweep
// checked by the host (core's parser: the count it makes, or the error naming the token). The quality gate of
// each finished experiment (core/checks/table-gates.ts) follows the rows in a `gates` message of its own: the
// rows paint first, the gates (which may read the registry and git) fill their column when ready. A window of
// several folders gets one table of them all (core/experiments/table-folders.ts): the form then names the
// folder it queues in, and the host maps row ids back to each folder's repository.
import type { GateBadge } from '../core/checks/run-gate';
import type { TableGates } from '../core/checks/table-gates';
import type { TableRow } from '../core/experiments/table-folders';

export type { GateBadge } from '../core/checks/run-gate';
export type { ExpRow } from '../core/experiments/table-rows';
export type { FolderRow, TableRow } from '../core/experiments/table-folders';

/** What the user chose in the table; kept per workspace (workspaceState) by the host. */
export interface ExpTableSettings {
  /** Column ids in the order chosen; columns not listed follow in their natural order. */
  order: string[];
  hidden: string[];
  sort?: { column: string; descending: boolean };
  /** Row ids shown at the top whatever the sort. */
  pinned: string[];
  /** The filter box's text (`accuracy > 0.8 and params.train.lr = '0.1'`, or words matching names). */
  filter: string;
}

/**
 * The rows as one JSON text. 10,000 rows as objects take a structured clone of ~300k properties at each hop
 * (host → webview frame → panel: 0.7 s measured in Chromium); one string crosses as one value and parses in
 * ~35 ms — the difference between the table's first paint meeting its 300 ms target or not.
 */
export type RowsText = string;

export function encodeRows(rows: readonly TableRow[]): RowsText {
  return JSON.stringify(rows);
}

/** The panel's side: a row list, or nothing if the text is not one (the host wrote it; checked anyway). */
export function decodeRows(text: RowsText): TableRow[] {
  try {
    const rows = JSON.parse(text) as unknown;
    return Array.isArray(rows)
      ? rows.filter((r): r is TableRow => typeof r === 'object' && r !== null && typeof (r as TableRow).id === 'string')
      : [];
  } catch {
    return [];
  }
}

/** The gates as one JSON text, for the same reason as the rows: a badge per row of a 10,000-row table. */
export type GatesText = string;

export function encodeGates(gates: TableGates): GatesText {
  return JSON.stringify(gates);
}

const VERDICTS: ReadonlySet<unknown> = new Set<GateBadge['verdict']>(['pass', 'warn', 'fail', 'unknown']);

function isBadge(v: unknown): v is GateBadge {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return VERDICTS.has(b.verdict) && typeof b.label === 'string' && typeof b.tooltip === 'string';
}

/** The panel's side: row id → badge, every entry checked (one that is not a badge is dropped, never drawn). */
export function decodeGates(text: GatesText): Map<string, GateBadge> {
  const gates = new Map<string, GateBadge>();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return gates;
    for (const [id, badge] of Object.entries(parsed)) if (isBadge(badge)) gates.set(id, badge);
  } catch {
    // not JSON: no gates
  }
  return gates;
}

export const defaultExpSettings: ExpTableSettings = { order: [], hidden: [], pinned: [], filter: '' };

/** One param the form lists: its file, dotted key and current value in the working copy. */
export interface ParamField {
  file: string;
  key: string;
  value: string;
}

export type ExpExecutorKind = 'local' | 'ray';

export type ExpHostMessage =
  | {
      type: 'load';
      rows: RowsText;
      /** Ids of the rows the filter keeps; null = all. */
      visible: string[] | null;
      filterError?: string;
      settings: ExpTableSettings;
      /** Actions that run or write are offered only in a trusted workspace. */
      trusted: boolean;
      /** Why experiments cannot be made here (no git, no commit). */
      problem?: string;
    }
  | { type: 'rows'; rows: RowsText; visible: string[] | null; filterError?: string }
  /** The gates of the rows last sent (after each `load` or `rows`, and when the registry or the runs change). */
  | { type: 'gates'; gates: GatesText }
  | {
      type: 'form';
      /** The folder the form queues in, and the window's folders to choose from (one: no choice shown). */
      folder: string;
      folders: { folder: string; name: string }[];
      params: ParamField[];
      executor: ExpExecutorKind;
      rayAddress: string;
    }
  /** The answer to `checkSweep` with the same `seq`: how many experiments the edits make, or why none. */
  | { type: 'sweepChecked'; seq: number; count: number; error?: string }
  | { type: 'error'; message: string };

/** What can be done to selected rows; each is also a command (`mlops.experiments.<action>`). */
export type ExpAction =
  | 'apply'
  | 'branch'
  | 'reproduce'
  | 'remove'
  | 'register'
  | 'compare'
  | 'plots'
  | 'logs'
  | 'dashboard'
  | 'cancel';

export const expActions: readonly ExpAction[] = [
  'apply',
  'branch',
  'reproduce',
  'remove',
  'register',
  'compare',
  'plots',
  'logs',
  'dashboard',
  'cancel',
];

export type ExpPanelMessage =
  | { type: 'ready' }
  | { type: 'settings'; settings: ExpTableSettings }
  | { type: 'action'; action: ExpAction; ids: string[] }
  /** `folder`: the one to queue in (the selected rows' or the one chosen in the form); none: the host chooses. */
  | { type: 'openForm'; folder?: string }
  /** `sets`: one `-S` argument per edited param (`train.lr=0.1,0.2`), checked against `folder`'s params. */
  | { type: 'checkSweep'; seq: number; sets: string[]; folder: string }
  | { type: 'submit'; sets: string[]; mode: 'run' | 'queue'; executor: ExpExecutorKind; jobs: number; folder: string };

const hostTypes = new Set<ExpHostMessage['type']>(['load', 'rows', 'gates', 'form', 'sweepChecked', 'error']);

export function isExpHostMessage(value: unknown): value is ExpHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type: ExpHostMessage['type']; gates?: unknown };
  return hostTypes.has(m.type) && (m.type !== 'gates' || typeof m.gates === 'string');
}

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 100_000 && v.every((s) => typeof s === 'string');

function isSettings(v: unknown): v is ExpTableSettings {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<Record<keyof ExpTableSettings, unknown>>;
  const sort = s.sort as { column?: unknown; descending?: unknown } | undefined;
  return (
    isStrings(s.order) &&
    isStrings(s.hidden) &&
    isStrings(s.pinned) &&
    typeof s.filter === 'string' &&
    (sort === undefined || (typeof sort.column === 'string' && typeof sort.descending === 'boolean'))
  );
}

/** Checks every field the host acts on: ids and `-S` arguments reach git and the queue. */
export function isExpPanelMessage(value: unknown): value is ExpPanelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'openForm':
      return m.folder === undefined || typeof m.folder === 'string';
    case 'settings':
      return isSettings(m.settings);
    case 'action':
      return expActions.includes(m.action as ExpAction) && isStrings(m.ids);
    case 'checkSweep':
      return typeof m.seq === 'number' && isStrings(m.sets) && typeof m.folder === 'string';
    case 'submit':
      return (
        isStrings(m.sets) &&
        typeof m.folder === 'string' &&
        (m.mode === 'run' || m.mode === 'queue') &&
        (m.executor === 'local' || m.executor === 'ray') &&
        Number.isInteger(m.jobs) &&
        (m.jobs as number) >= 1 &&
        (m.jobs as number) <= 64
      );
    default:
      return false;
  }
}
