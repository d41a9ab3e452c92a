// The experiments table, virtualised: only the rows in view (and a few either side) exist in the DOM, so
// 10,000 experiments paint and scroll as fast as 20. Experiments are indented under their baseline, and in a
// window of several folders baselines under their folder's row; the best value of each metric (per folder) is
// marked; a Ray experiment's job id is a link to its log, the ↗ beside it to its page on the Ray dashboard; a
// finished experiment's quality gate is a badge (✓, ✗ and the failing rule, ⚠ warnings) whose title lists every
// rule. Every string is set as text (shared/dom.ts), never parsed as HTML.
import type { ExpRow, FolderRow } from '../experiments-contract';
import { el, formatNumber, printable } from '../shared/dom';
import { virtualRows } from '../shared/virtual-rows';
import { bestMetrics, cellValue, columnLabel, type DrawnRow, GATE_COLUMN, type Gates } from './table-model';

const ROW_HEIGHT = 26;
const OVERSCAN = 12;

export interface GridOptions {
  columns: string[];
  sort?: { column: string; descending: boolean };
  selected: ReadonlySet<string>;
  gates: Gates;
  onSort(column: string): void;
  onSelect(id: string, additive: boolean): void;
  onPin(id: string): void;
  /** A Ray experiment's links: its log (read into the editor) or its page on the Ray dashboard. */
  onJob(action: 'logs' | 'dashboard', id: string): void;
}

function when(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function experimentsGrid(drawn: readonly DrawnRow[], options: GridOptions): HTMLElement {
  const { columns } = options;
  const best = bestMetrics(drawn, columns);
  const header = el(
    'tr',
    {},
    columns.map((id) => {
      const active = options.sort?.column === id;
      const b = el('button', {
        text: `${printable(columnLabel(id))}${active ? (options.sort?.descending ? ' ▼' : ' ▲') : ''}`,
        title: id.startsWith('metric:') ? 'metric' : id.startsWith('param:') ? 'param' : undefined,
      });
      b.addEventListener('click', () => options.onSort(id));
      return el(
        'th',
        {
          scope: 'col',
          'data-column': id,
          'aria-sort': active ? (options.sort?.descending ? 'descending' : 'ascending') : 'none',
        },
        [b],
      );
    }),
  );
  const body = el('tbody');
  const table = el('table', { 'aria-label': 'Experiments', 'aria-rowcount': drawn.length + 1, role: 'grid' }, [
    el('thead', {}, [header]),
    body,
  ]);
  const scroller = el('div', { className: 'grid-scroll exp-grid', tabindex: 0 }, [table]);

  /** A folder's row: its name across the table, and why it has no experiments when it cannot. */
  const folderRow = (r: FolderRow, index: number): HTMLElement =>
    el('tr', { 'aria-rowindex': index + 2, 'data-id': r.id, className: 'folder' }, [
      el('th', { scope: 'row', className: 'name folder', colspan: columns.length }, [
        el('span', { text: printable(r.name), title: printable(r.folder) }),
        ...(r.problem ? [el('small', { className: 'meta folder-problem', text: ` — ${printable(r.problem)}` })] : []),
      ]),
    ]);

  const nameCell = (d: DrawnRow & { row: ExpRow }): HTMLElement => {
    const r = d.row;
    const pin = el('button', {
      className: `pin${d.pinned ? ' on' : ''}`,
      text: d.pinned ? '📌' : '·',
      title: d.pinned ? 'Unpin' : 'Pin to the top',
      'aria-label': `${d.pinned ? 'Unpin' : 'Pin'} ${printable(r.name)}`,
    });
    pin.addEventListener('click', (e) => {
      e.stopPropagation();
      options.onPin(r.id);
    });
    const label =
      r.kind === 'baseline'
        ? `${r.name}${r.head ? ' (HEAD)' : ''} ${printable(r.subject)}`
        : r.kind === 'workspace'
          ? 'workspace'
          : printable(r.name);
    return el('th', { scope: 'row', className: `name ${r.kind}` }, [pin, el('span', { text: label, title: label })]);
  };

  const cell = (r: ExpRow & { folder?: string }, column: string): HTMLElement => {
    if (column === 'executor' && r.kind === 'experiment' && r.executor?.kind === 'ray') {
      const link = (action: 'logs' | 'dashboard', className: string, text: string, title: string) => {
        const a = el('a', { href: '#', className, text, title });
        a.addEventListener('click', (e) => {
          e.preventDefault();
          e.stopPropagation();
          options.onJob(action, r.id);
        });
        return a;
      };
      const job = `Ray ${printable(r.executor.jobId)}`;
      return el('td', { className: 'executor' }, [
        el('span', { className: 'ray-links' }, [
          link('logs', 'ray-job', job, 'Show its log (read from the cluster as it grows)'),
          link('dashboard', 'ray-dashboard', '↗', 'Open its page on the Ray dashboard'),
        ]),
      ]);
    }
    if (column === GATE_COLUMN) {
      const badge = options.gates.get(r.id);
      return el('td', { className: 'gate' }, [
        badge
          ? el('span', {
              className: `gate-badge ${badge.verdict}`,
              text: printable(badge.label),
              title: printable(badge.tooltip),
            })
          : null,
      ]);
    }
    const v = cellValue(r, column);
    if (column === 'created') return el('td', { text: typeof v === 'number' ? when(v) : '' });
    if (column === 'status') {
      const why = r.kind === 'experiment' ? r.message : undefined;
      return el('td', {}, [
        el('span', { className: `exp-status ${r.status}`, text: r.status, title: why ? printable(why) : undefined }),
      ]);
    }
    if (typeof v === 'number') {
      const isBest = column.startsWith('metric:') && best.get(r.folder ?? '')?.get(column.slice(7)) === v;
      return el('td', {
        className: isBest ? 'num best' : 'num',
        text: formatNumber(v),
        title: isBest ? 'best' : undefined,
      });
    }
    return el('td', { text: v === undefined ? '' : printable(v), title: v === undefined ? undefined : printable(v) });
  };

  const row = (d: DrawnRow, index: number): HTMLElement => {
    const r = d.row;
    if (r.kind === 'folder') return folderRow(r, index);
    const selected = options.selected.has(r.id);
    const tr = el(
      'tr',
      {
        'aria-rowindex': index + 2,
        'aria-selected': selected ? 'true' : 'false',
        'data-id': r.id,
        className: `${r.kind}${selected ? ' selected' : ''}${d.pinned ? ' pinned' : ''}`,
      },
      columns.map((c) => (c === 'name' ? nameCell({ row: r, pinned: d.pinned }) : cell(r, c))),
    );
    tr.addEventListener('click', (e) => options.onSelect(r.id, e.ctrlKey || e.metaKey || e.shiftKey));
    return tr;
  };

  virtualRows(scroller, body, drawn.length, ROW_HEIGHT, (i) => row(drawn[i] as DrawnRow, i), OVERSCAN);
  return scroller;
}
