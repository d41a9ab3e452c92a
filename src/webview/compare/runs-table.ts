// The comparison table, virtualised: only the rows in view exist in the DOM, so 10k runs scroll smoothly.
import type { RunSummary } from '../../core/tracking/types';
import { runColor } from '../shared/colors';
import { el, formatNumber, printable } from '../shared/dom';
import { virtualRows } from '../shared/virtual-rows';
import { bestValues, cellValue, columns, sortRuns } from './table-model';

const ROW_HEIGHT = 24;

export interface TableOptions {
  onlyDifferences: boolean;
  sort?: { column: string; descending: boolean };
  onSort(sort: { column: string; descending: boolean }): void;
}

export function runsTable(
  runs: readonly RunSummary[],
  options: TableOptions,
): { element: HTMLElement; csvRows(): string[][] } {
  const cols = columns(runs, options.onlyDifferences);
  const ids = ['name', 'status', ...cols.params.map((k) => `param:${k}`), ...cols.metrics.map((k) => `metric:${k}`)];
  const sorted = options.sort ? sortRuns(runs, options.sort.column, options.sort.descending) : [...runs];
  const best = bestValues(runs, cols.metrics);

  const header = el(
    'tr',
    {},
    ids.map((id) => {
      const active = options.sort?.column === id;
      const label = id.replace(/^(param|metric):/, '');
      const kind = id.startsWith('param:') ? 'param' : id.startsWith('metric:') ? 'metric' : '';
      const b = el('button', {
        text: `${printable(label)}${active ? (options.sort?.descending ? ' ▼' : ' ▲') : ''}`,
        title: kind ? `${kind} ${printable(label)}` : undefined,
      });
      b.addEventListener('click', () =>
        options.onSort({ column: id, descending: active ? !options.sort?.descending : kind === 'metric' }),
      );
      return el(
        'th',
        { scope: 'col', 'aria-sort': active ? (options.sort?.descending ? 'descending' : 'ascending') : 'none' },
        [b],
      );
    }),
  );

  const body = el('tbody');
  const table = el('table', { 'aria-label': 'Runs compared', 'aria-rowcount': sorted.length + 1 }, [
    el('thead', {}, [header]),
    body,
  ]);
  const scroller = el('div', { className: 'grid-scroll', tabindex: 0 }, [table]);

  const row = (run: RunSummary, index: number): HTMLElement =>
    el(
      'tr',
      { 'aria-rowindex': index + 2 },
      ids.map((id) => {
        const v = cellValue(run, id);
        if (id === 'name') {
          return el('th', { scope: 'row' }, [el('span', { className: 'swatch' }), printable(run.name)]);
        }
        if (typeof v === 'number') {
          const isBest = id.startsWith('metric:') && best.get(id.slice(7)) === v;
          return el('td', {
            className: isBest ? 'num best' : 'num',
            text: formatNumber(v),
            title: isBest ? 'best' : undefined,
          });
        }
        return el('td', { text: v === undefined ? '' : printable(v) });
      }),
    );

  virtualRows(scroller, body, sorted.length, ROW_HEIGHT, (i) => {
    const tr = row(sorted[i] as RunSummary, i);
    (tr.querySelector('.swatch') as HTMLElement).style.background = runColor((sorted[i] as RunSummary).id);
    return tr;
  });

  return {
    element: scroller,
    csvRows: () => [
      ids.map((id) => id.replace(/^(param|metric):/, '')),
      ...sorted.map((r) =>
        ids.map((id) => {
          const v = cellValue(r, id);
          return v === undefined ? '' : String(v);
        }),
      ),
    ],
  };
}
