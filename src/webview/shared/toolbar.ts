// The chart controls both panels share: x axis, smoothing, log scale. Built from @vscode-elements.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ViewSettings, XAxis } from '../contract';
import { el } from './dom';

const axes: { value: XAxis; label: string }[] = [
  { value: 'step', label: 'Step' },
  { value: 'wall', label: 'Wall time' },
  { value: 'relative', label: 'Relative time' },
];

export function chartControls(settings: ViewSettings, onChange: (next: ViewSettings) => void): HTMLElement {
  const select = el(
    'vscode-single-select',
    { id: 'x-axis', 'aria-label': 'X axis' },
    axes.map((a) => el('vscode-option', { value: a.value, selected: a.value === settings.xAxis, text: a.label })),
  ) as HTMLElement & { value: string };
  select.addEventListener('change', () => onChange({ ...settings, xAxis: select.value as XAxis }));

  const smoothing = el('input', {
    id: 'smoothing',
    type: 'range',
    min: 0,
    max: 0.99,
    step: 0.01,
    value: settings.smoothing,
    'aria-label': 'Smoothing',
  });
  const smoothingValue = el('output', { for: 'smoothing', text: settings.smoothing.toFixed(2) });
  smoothing.addEventListener('input', () => (smoothingValue.textContent = Number(smoothing.value).toFixed(2)));
  smoothing.addEventListener('change', () => onChange({ ...settings, smoothing: Number(smoothing.value) }));

  const log = el('vscode-checkbox', {
    id: 'log-scale',
    checked: settings.logScale,
    label: 'Log scale',
  }) as HTMLElement & {
    checked: boolean;
  };
  log.addEventListener('change', () => onChange({ ...settings, logScale: log.checked }));

  return el('div', { className: 'controls', role: 'toolbar', 'aria-label': 'Chart options' }, [
    el('label', { for: 'x-axis', text: 'X axis' }),
    select,
    el('label', { for: 'smoothing', text: 'Smoothing' }),
    smoothing,
    smoothingValue,
    log,
  ]);
}

/** A toolbar button that posts through `onClick`; text set as text, never markup. */
export function button(label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = el('vscode-button', { secondary, text: label });
  b.addEventListener('click', onClick);
  return b;
}
