// Key/value tables of a run's params and final metrics, beside its charts.
import type { RunSummary } from '../../core/tracking/types';
import { el, formatNumber, printable } from './dom';

function table(caption: string, rows: [string, string, boolean][]): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'empty', text: `No ${caption.toLowerCase()}.` });
  return el('table', { 'aria-label': caption }, [
    el('thead', {}, [
      el('tr', {}, [el('th', { scope: 'col', text: 'Name' }), el('th', { scope: 'col', text: 'Value' })]),
    ]),
    el(
      'tbody',
      {},
      rows.map(([k, v, numeric]) =>
        el('tr', {}, [
          el('th', { scope: 'row', text: printable(k) }),
          el('td', { className: numeric ? 'num' : undefined, text: printable(v) }),
        ]),
      ),
    ),
  ]);
}

export function runTables(run: RunSummary): HTMLElement {
  const params = Object.entries(run.params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]): [string, string, boolean] => [k, v, false]);
  const metrics = Object.entries(run.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]): [string, string, boolean] => [k, formatNumber(v), true]);
  return el('aside', { 'aria-label': 'Run details' }, [
    el('h2', { text: 'Metrics' }),
    table('Metrics', metrics),
    el('h2', { text: 'Params' }),
    table('Params', params),
  ]);
}

export function runHeader(run: RunSummary): HTMLElement {
  const started = new Date(run.startTime).toLocaleString();
  const duration = run.endTime === null ? 'running' : `${((run.endTime - run.startTime) / 1000).toFixed(1)} s`;
  const commit = run.git ? ` · commit ${run.git.commit.slice(0, 8)}${run.git.dirty ? ' (dirty)' : ''}` : '';
  return el('header', {}, [
    el('h1', {}, [
      printable(run.name),
      el('span', { className: `status ${run.status}`, role: 'status', text: run.status }),
    ]),
    el('p', { className: 'meta', text: `${printable(run.experiment)} · started ${started} · ${duration}${commit}` }),
  ]);
}
