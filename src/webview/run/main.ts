// Run panel: one run's metric histories as charts, with its params and final metrics beside them.
// Live: while the run is RUNNING the host sends `append` messages and points are added in place.
import '../shared/panel.css';
import type { RunSummary } from '../../core/tracking/types';
import { defaultSettings, type ViewSettings } from '../contract';
import { clear, el, showAlert } from '../shared/dom';
import { MetricCharts } from '../shared/metric-charts';
import { toColumns, type ColumnHistories } from '../shared/series';
import { exportButtons } from '../shared/export-buttons';
import { runHeader, runTables } from '../shared/run-tables';
import { chartControls, button } from '../shared/toolbar';
import { onThemeChange } from '../shared/theme';
import { loadState, onHostMessage, post, saveState } from '../shared/vscode-api';
import { PlotsSlot, keptPlotsChoices } from '../shared/plots-section';
import { comparedRevisionColor, runColor } from '../shared/colors';
import type { RunGate } from '../../core/checks';
import { gateSection } from '../shared/gate-section';

const app = document.getElementById('app') as HTMLElement;
let run: RunSummary | undefined;
let histories: ColumnHistories = {};
let settings: ViewSettings = loadState()?.settings ?? defaultSettings;
let charts: MetricCharts | undefined;
const plots = new PlotsSlot(app, {
  colorOf: (i, owner) => (i === 0 ? runColor(owner) : comparedRevisionColor(i)),
  ...keptPlotsChoices(
    () => settings,
    (next) => {
      settings = next;
      persist();
    },
  ),
});
let gate: RunGate | undefined;

function persist(): void {
  if (run) saveState({ kind: 'run', runIds: [run.id], settings });
  post({ type: 'settings', settings });
}

function render(): void {
  charts?.destroy();
  clear(app);
  if (!run) return;
  const current = run;
  const chartArea = el('section', { className: 'charts', 'aria-label': 'Metric charts' });
  app.append(
    runHeader(current),
    gate ? (gateSection(gate) ?? '') : '',
    el('div', { className: 'controls' }, [
      chartControls(settings, (next) => {
        settings = next;
        persist();
        render();
      }),
      button('Compare with…', () => post({ type: 'command', command: 'mlops.compareRuns', runIds: [current.id] })),
      button('Copy run id', () => post({ type: 'command', command: 'mlops.copyRunId', runIds: [current.id] })),
      exportButtons(() => charts, current.name),
    ]),
    el('div', { className: 'layout' }, [el('div', {}, [chartArea]), runTables(current)]),
  );
  const plotsElement = plots.element();
  if (plotsElement) app.append(plotsElement);
  charts = new MetricCharts(chartArea, [current], histories, settings);
  if (charts.keys().length === 0) chartArea.append(el('p', { className: 'empty', text: 'No metric history yet.' }));
}

onHostMessage((message) => {
  switch (message.type) {
    case 'plots':
      plots.show(message, run !== undefined);
      break;
    case 'load':
      run = message.runs[0];
      histories = toColumns(message.histories);
      settings = message.settings ?? settings;
      persist();
      render();
      break;
    case 'append':
      if (run && message.runId === run.id) {
        const hadCharts = (charts?.keys().length ?? 0) > 0;
        charts?.append(message.runId, message.points);
        if (!hadCharts) render();
      }
      break;
    case 'runUpdated':
      if (run && message.run.id === run.id) {
        run = message.run;
        const header = app.querySelector('header');
        header?.replaceWith(runHeader(run));
        app.querySelector('aside')?.replaceWith(runTables(run));
      }
      break;
    case 'gate': {
      gate = message.gate;
      const section = gateSection(gate);
      const existing = app.querySelector('.gate');
      if (existing) existing.replaceWith(section ?? '');
      else if (section) app.querySelector('header')?.after(section);
      break;
    }
    case 'error':
      showAlert(app, message.message);
      break;
  }
});

onThemeChange(render);
post({ type: 'ready' });
