// The experiments table panel (the extension's main panel): a toolbar (filter, columns, modify params, and the
// actions on the selected rows), the column picker, the "Modify params" form and the virtualised table. The
// host sends every row and which ones the filter keeps; this page orders, pins and draws them, and sends back
// the table settings (kept per workspace) and the actions chosen.
import '../shared/panel.css';
import './experiments.css';
import {
  decodeGates,
  decodeRows,
  defaultExpSettings,
  type ExpAction,
  type ExpTableSettings,
  type TableRow,
} from '../experiments-contract';
import { clear, el, printable, showAlert } from '../shared/dom';
import { experimentsGrid } from './grid';
import { onHostMessage, post } from './host';
import { type ParamsForm, paramsForm } from './params-form';
import { allColumns, columnLabel, drawnRows, type Gates, moveColumn, shownColumns } from './table-model';

const app = document.getElementById('app') as HTMLElement;
let rows: TableRow[] = [];
let gates: Gates = new Map();
let visible: Set<string> | null = null;
let filterError: string | undefined;
let settings: ExpTableSettings = defaultExpSettings;
let trusted = false;
let problem: string | undefined;
let selected = new Set<string>();
let pickerOpen = false;
let form: ParamsForm | undefined;
let formElement: HTMLElement | undefined;
let gridScroll = 0;

const FOR_TRUSTED: ReadonlySet<ExpAction> = new Set(['apply', 'branch', 'reproduce', 'remove', 'register', 'cancel']);
const ACTIONS: [ExpAction, string][] = [
  ['compare', 'Compare'],
  ['plots', 'Plots'],
  ['apply', 'Apply'],
  ['branch', 'Branch…'],
  ['reproduce', 'Reproduce'],
  ['register', 'Register model…'],
  ['logs', 'Logs'],
  ['cancel', 'Cancel'],
  ['remove', 'Remove'],
];

function change(next: ExpTableSettings): void {
  settings = next;
  post({ type: 'settings', settings });
  render();
}

function toolbar(): HTMLElement {
  const filter = el('input', {
    type: 'search',
    id: 'filter',
    value: settings.filter,
    placeholder: "Filter: accuracy > 0.8 and params.train.lr = '0.1', or a name",
    'aria-label': 'Filter experiments',
  });
  let timer = 0;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      settings = { ...settings, filter: filter.value };
      post({ type: 'settings', settings });
    }, 250);
  });
  const columns = el('button', { id: 'columns', text: 'Columns…', 'aria-expanded': pickerOpen ? 'true' : 'false' });
  columns.addEventListener('click', () => {
    pickerOpen = !pickerOpen;
    render();
  });
  const modify = el('button', { id: 'modify-params', text: 'Modify params…' });
  modify.disabled = !trusted;
  // The form queues in the selected rows' folder (a window of several folders), else the host's choice.
  modify.addEventListener('click', () => {
    const folder = rows.find((r) => selected.has(r.id) && r.kind !== 'folder')?.folder;
    post(folder === undefined ? { type: 'openForm' } : { type: 'openForm', folder });
  });
  const actions = ACTIONS.map(([action, label]) => {
    const b = el('button', { id: `action-${action}`, className: 'secondary', text: label });
    b.disabled = selected.size === 0 || (!trusted && FOR_TRUSTED.has(action));
    b.addEventListener('click', () => post({ type: 'action', action, ids: [...selected] }));
    return b;
  });
  return el('div', { className: 'controls toolbar' }, [
    filter,
    columns,
    modify,
    el('span', { className: 'meta', text: selected.size > 0 ? `${selected.size} selected:` : 'Select rows for:' }),
    ...actions,
  ]);
}

function picker(all: string[], shown: string[]): HTMLElement {
  const hidden = new Set(settings.hidden);
  const list = all
    .filter((c) => c !== 'name')
    .map((c) => {
      const box = el('input', { type: 'checkbox', id: `col-${c}`, checked: !hidden.has(c) });
      box.addEventListener('change', () =>
        change({ ...settings, hidden: box.checked ? settings.hidden.filter((h) => h !== c) : [...settings.hidden, c] }),
      );
      const up = el('button', { className: 'secondary', text: '↑', 'aria-label': `Move ${printable(c)} left` });
      const down = el('button', { className: 'secondary', text: '↓', 'aria-label': `Move ${printable(c)} right` });
      up.addEventListener('click', () => change({ ...settings, order: moveColumn(shown, all, c, -1) }));
      down.addEventListener('click', () => change({ ...settings, order: moveColumn(shown, all, c, 1) }));
      return el('li', {}, [box, el('label', { for: `col-${c}`, text: ` ${printable(columnLabel(c))} ` }), up, down]);
    });
  return el('section', { className: 'column-picker', 'aria-label': 'Columns' }, [el('ul', {}, list)]);
}

function render(): void {
  const previous = app.querySelector('.exp-grid');
  if (previous) gridScroll = previous.scrollTop;
  clear(app);
  if (problem) app.append(el('p', { className: 'meta', text: printable(problem) }));
  app.append(toolbar());
  if (filterError) app.append(el('p', { className: 'error', role: 'alert', text: printable(filterError) }));
  const all = allColumns(rows, gates);
  const shown = shownColumns(all, settings);
  if (pickerOpen) app.append(picker(all, shown));
  if (formElement) app.append(formElement);
  const drawn = drawnRows(rows, visible, settings, gates);
  const grid = experimentsGrid(drawn, {
    columns: shown,
    sort: settings.sort,
    selected,
    gates,
    onSort: (column) =>
      change({
        ...settings,
        sort: {
          column,
          descending: settings.sort?.column === column ? !settings.sort.descending : column.startsWith('metric:'),
        },
      }),
    onSelect: (id, additive) => {
      const next = new Set(additive ? selected : []);
      if (selected.has(id) && (additive || selected.size === 1)) next.delete(id);
      else next.add(id);
      selected = next;
      render();
    },
    onPin: (id) =>
      change({
        ...settings,
        pinned: settings.pinned.includes(id) ? settings.pinned.filter((p) => p !== id) : [...settings.pinned, id],
      }),
    onJob: (action, id) => post({ type: 'action', action, ids: [id] }),
  });
  app.append(grid);
  grid.scrollTop = gridScroll;
  const count = drawn.filter((d) => d.row.kind === 'experiment').length;
  app.append(
    el('p', { className: 'meta', role: 'status', text: `${count} experiment${count === 1 ? '' : 's'} shown` }),
  );
}

onHostMessage((message) => {
  switch (message.type) {
    case 'load':
      settings = message.settings;
      trusted = message.trusted;
      problem = message.problem;
      rows = decodeRows(message.rows);
      visible = message.visible ? new Set(message.visible) : null;
      filterError = message.filterError;
      render();
      break;
    case 'rows': {
      rows = decodeRows(message.rows);
      visible = message.visible ? new Set(message.visible) : null;
      filterError = message.filterError;
      const ids = new Set(rows.map((r) => r.id));
      selected = new Set([...selected].filter((id) => ids.has(id)));
      // Typing in the filter box must not lose the caret: the toolbar is kept when only the rows change.
      const focused = document.activeElement?.id;
      render();
      if (focused === 'filter') {
        const input = document.getElementById('filter') as HTMLInputElement;
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
      }
      break;
    }
    case 'gates':
      gates = decodeGates(message.gates);
      render();
      break;
    case 'form':
      form = paramsForm(message, trusted, () => {
        form = undefined;
        formElement = undefined;
        render();
      });
      formElement = form.element;
      render();
      (formElement.querySelector('input.param-input') as HTMLInputElement | null)?.focus();
      break;
    case 'sweepChecked':
      form?.checked(message.seq, message.count, message.error);
      break;
    case 'error':
      showAlert(app, message.message);
      break;
  }
});

post({ type: 'ready' });
