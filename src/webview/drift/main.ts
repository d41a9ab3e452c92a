// Drift panel: a reference/current data pair as core/drift compared it. A banner with the dataset verdict,
// then one card per column, most severe first: its verdict, every test (statistic, p-value, threshold, the
// deciding one in bold), missing values, and the two distributions overlaid. The host computes; this draws.
import '../shared/panel.css';
import './drift.css';
import type { TestResult } from '../../core/drift';
import type { DriftHostMessage, DriftPanelColumn } from '../contract';
import { clear, el, formatNumber, printable, showAlert } from '../shared/dom';
import { onThemeChange } from '../shared/theme';
import { vscodeApi } from '../shared/vscode-bridge';
import { button } from '../shared/toolbar';
import { CURRENT_COLOR, distributionFigure, REFERENCE_COLOR } from './histogram';
import { onHostMessage, post } from './host';

type Loaded = Extract<DriftHostMessage, { type: 'load' }>;

const app = document.getElementById('app') as HTMLElement;
let shown: Loaded | undefined;

const TEST_LABELS: Record<TestResult['test'], string> = {
  ks: 'Kolmogorov–Smirnov',
  chi2: 'chi-square',
  psi: 'PSI',
  wasserstein: 'Wasserstein (normalised)',
  jensenshannon: 'Jensen–Shannon',
};

const percent = (x: number): string => `${formatNumber(Math.round(x * 1000) / 10)}%`;

function verdict(column: DriftPanelColumn): HTMLElement {
  const r = column.result;
  if (r.type === 'empty') return el('span', { className: 'verdict untested', text: 'not tested' });
  return el('span', { className: `verdict ${r.drift ? 'drift' : 'stable'}`, text: r.drift ? 'drift' : 'no drift' });
}

function testsTable(column: DriftPanelColumn): HTMLElement {
  const r = column.result;
  if (r.type === 'empty') return el('p', { className: 'empty', text: printable(r.note) });
  return el('table', { className: 'tests' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['test', 'statistic', 'p-value', 'threshold', 'drift'].map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      r.tests.map((t) =>
        el('tr', { className: t.test === r.decidedBy ? 'decisive' : undefined, 'data-test': t.test }, [
          el('td', { text: `${TEST_LABELS[t.test]}${t.test === r.decidedBy ? ' (decides)' : ''}` }),
          el('td', { className: 'num', text: formatNumber(t.statistic) }),
          el('td', { className: 'num', text: t.pvalue === null ? '—' : formatNumber(t.pvalue) }),
          el('td', { className: 'num', text: `${t.pvalue === null ? '≥' : '<'} ${formatNumber(t.threshold)}` }),
          el('td', { text: t.drift ? 'yes' : 'no' }),
        ]),
      ),
    ),
  ]);
}

function columnCard(column: DriftPanelColumn): HTMLElement {
  const r = column.result;
  const { missing, count } = r;
  return el(
    'section',
    { className: 'drift-column', 'data-column': r.name, 'aria-label': `Column ${printable(r.name)}` },
    [
      el('h2', {}, [printable(r.name), el('span', { className: 'kind', text: r.type }), verdict(column)]),
      testsTable(column),
      el('p', {
        className: 'missing',
        text: `values: ${count.reference} reference, ${count.current} current · missing: ${missing.reference} reference, ${missing.current} current`,
      }),
      distributionFigure(r.name, column.distribution),
    ],
  );
}

/** Coloured through the CSSOM: the panel's CSP refuses style attributes. */
function swatch(color: string): HTMLElement {
  const s = el('span', { className: 'swatch', 'aria-hidden': 'true' });
  s.style.background = color;
  return s;
}

function render(message: Loaded): void {
  clear(app);
  const s = message.summary;
  const tested = message.columns.filter((c) => c.result.type !== 'empty');
  const drifted = tested.filter((c) => c.result.drift).length;
  const schema = [
    s.schema.onlyInReference.length > 0 ? `only in reference: ${s.schema.onlyInReference.join(', ')}` : '',
    s.schema.onlyInCurrent.length > 0 ? `only in current: ${s.schema.onlyInCurrent.join(', ')}` : '',
  ].filter(Boolean);
  app.append(
    el('header', {}, [
      el('h1', { text: 'Data drift' }),
      el('p', {
        className: 'meta',
        text: printable(
          `reference ${s.reference.file} (${s.reference.rows} rows) · current ${s.current.file} (${s.current.rows} rows)`,
        ),
      }),
    ]),
    el('div', { className: `drift-banner${s.drift ? ' drift' : ''}`, role: 'status' }, [
      s.drift ? 'Dataset drift detected: ' : 'No dataset drift: ',
      `${drifted} of ${tested.length} columns drifted (${percent(s.share)}; the dataset drifts at ${percent(s.shareThreshold)})`,
    ]),
    schema.length > 0 ? el('p', { className: 'error', text: printable(`Schema changed — ${schema.join('; ')}`) }) : '',
    el('div', { className: 'controls' }, [
      el('span', { className: 'legend' }, [swatch(REFERENCE_COLOR), 'reference ', swatch(CURRENT_COLOR), 'current']),
      button('Refresh', () => post({ type: 'refresh' })),
    ]),
    el('div', { className: 'drift-columns' }, message.columns.map(columnCard)),
  );
}

onHostMessage((message) => {
  if (message.type === 'error') {
    shown = undefined;
    showAlert(app, message.message);
    return;
  }
  shown = message;
  vscodeApi().setState(message.state);
  render(message);
});

onThemeChange(() => shown && render(shown));
post({ type: 'ready' });
