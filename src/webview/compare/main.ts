// Compare panel: several runs overlaid per metric (a stable colour per run), a sortable,
// virtualised table of params and metrics, a param-vs-metric scatter, CSV/PNG/SVG export, and the runs'
// DVC plots overlaid (each run's experiment or commit, in the run's colour), with "Compare with…" adding HEAD, a
// branch, a tag or a promoted model version in a colour of its own.
import '../shared/panel.css';
import type { RunSummary } from '../../core/tracking/types';
import { defaultSettings, type ViewSettings } from '../contract';
import type { Chart } from '../shared/chart';
import { clear, el, printable, showAlert } from '../shared/dom';
import { toCsv } from '../shared/export';
import { exportButtons } from '../shared/export-buttons';
import { MetricCharts } from '../shared/metric-charts';
import { toColumns, type ColumnHistories } from '../shared/series';
import { button, chartControls } from '../shared/toolbar';
import { onThemeChange } from '../shared/theme';
import { loadState, onHostMessage, post, saveState } from '../shared/vscode-api';
import { comparedRevisionColor, runColor } from '../shared/colors';
import { PlotsSlot, keptPlotsChoices } from '../shared/plots-section';
import { runsTable } from './runs-table';
import { scatterChart } from './scatter';
import { columns } from './table-model';

const app = document.getElementById('app') as HTMLElement;
let runs: RunSummary[] = [];
let histories: ColumnHistories = {};
let settings: ViewSettings = loadState()?.settings ?? defaultSettings;
let charts: MetricCharts | undefined;
let scatter: Chart | undefined;
const plots = new PlotsSlot(app, {
  // A revision's owner is its run, except the "Compare with…" revision's, which is its label.
  colorOf: (_, owner) => (runs.some((r) => r.id === owner) ? runColor(owner) : comparedRevisionColor(1)),
  ...keptPlotsChoices(
    () => settings,
    (next) => {
      settings = next;
      persist();
    },
  ),
});

function persist(): void {
  saveState({ kind: 'compare', runIds: runs.map((r) => r.id), settings });
  post({ type: 'settings', settings });
}

function change(next: ViewSettings): void {
  settings = next;
  persist();
  render();
}

function select(
  id: string,
  label: string,
  options: string[],
  value: string | undefined,
  onPick: (v: string) => void,
): HTMLElement[] {
  const s = el(
    'select',
    { id, 'aria-label': label },
    options.map((o) => el('option', { value: o, selected: o === value, text: printable(o) })),
  );
  s.addEventListener('change', () => onPick(s.value));
  return [el('label', { for: id, text: label }), s];
}

function scatterSection(): HTMLElement {
  const cols = columns(runs, false);
  const numericParams = cols.params.filter((k) =>
    runs.some((r) => r.params[k] !== undefined && Number.isFinite(Number(r.params[k]))),
  );
  const section = el('section', { 'aria-label': 'Param against metric' }, [el('h2', { text: 'Param vs metric' })]);
  if (numericParams.length === 0 || cols.metrics.length === 0) {
    section.append(el('p', { className: 'empty', text: 'Needs a numeric param and a metric.' }));
    return section;
  }
  const param =
    settings.scatter?.param && numericParams.includes(settings.scatter.param)
      ? settings.scatter.param
      : (numericParams[0] as string);
  const metric =
    settings.scatter?.metric && cols.metrics.includes(settings.scatter.metric)
      ? settings.scatter.metric
      : (cols.metrics[0] as string);
  const area = el('div', { className: 'charts' });
  section.append(
    el('div', { className: 'controls' }, [
      ...select('scatter-param', 'Param', numericParams, param, (p) =>
        change({ ...settings, scatter: { param: p, metric } }),
      ),
      ...select('scatter-metric', 'Metric', cols.metrics, metric, (m) =>
        change({ ...settings, scatter: { param, metric: m } }),
      ),
    ]),
    area,
  );
  requestAnimationFrame(() => (scatter = scatterChart(area, runs, param, metric)));
  return section;
}

function render(): void {
  charts?.destroy();
  scatter?.destroy();
  clear(app);
  const table = runsTable(runs, {
    onlyDifferences: settings.onlyDifferences,
    sort: settings.sort,
    onSort: (sort) => change({ ...settings, sort }),
  });
  const onlyDiff = el('vscode-checkbox', {
    id: 'only-differences',
    checked: settings.onlyDifferences,
    label: 'Only differences',
  }) as HTMLElement & { checked: boolean };
  onlyDiff.addEventListener('change', () => change({ ...settings, onlyDifferences: onlyDiff.checked }));
  const chartArea = el('section', { className: 'charts', 'aria-label': 'Metric charts' });
  app.append(
    el('header', {}, [el('h1', { text: `Comparing ${runs.length} runs` })]),
    el('div', { className: 'controls' }, [
      chartControls(settings, change),
      onlyDiff,
      button('Export CSV', () =>
        post({ type: 'export', format: 'csv', fileName: 'runs.csv', data: toCsv(table.csvRows()) }),
      ),
      exportButtons(() => charts, 'compare'),
    ]),
    chartArea,
    el('h2', { text: 'Runs' }),
    table.element,
    scatterSection(),
  );
  const plotsElement = plots.element();
  if (plotsElement) app.append(plotsElement);
  charts = new MetricCharts(chartArea, runs, histories, settings);
  if (charts.keys().length === 0)
    chartArea.append(el('p', { className: 'empty', text: 'No metric history in these runs.' }));
}

onHostMessage((message) => {
  switch (message.type) {
    case 'plots':
      plots.show(message, runs.length > 0);
      break;
    case 'load':
      runs = message.runs;
      histories = toColumns(message.histories);
      settings = message.settings ?? settings;
      persist();
      render();
      break;
    case 'append':
      charts?.append(message.runId, message.points);
      break;
    case 'runUpdated':
      runs = runs.map((r) => (r.id === message.run.id ? message.run : r));
      break;
    case 'error':
      showAlert(app, message.message);
      break;
  }
});

onThemeChange(render);
post({ type: 'ready' });
