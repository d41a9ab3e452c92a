// "Modify params and run / queue": every param with its current value and a box for the new one. A box takes
// a value or DVC's sweep syntax (`0.1,0.2`, `choice(a,b)`, `range(1,5)`); each edit is checked by the host with
// core's parser, which answers how many experiments the edits make or which token is wrong. Run on this
// machine or the Ray cluster (mlops.executor / mlops.ray.address give the default). In a window of several
// folders the form names the folder it queues in; choosing another asks the host for that folder's form.
import type { ExpExecutorKind, ExpHostMessage, ParamField } from '../experiments-contract';
import { el, printable } from '../shared/dom';
import { post } from './host';

export interface ParamsForm {
  element: HTMLElement;
  /** The host's answer to the last check. */
  checked(seq: number, count: number, error: string | undefined): void;
}

/** `-S` arguments for the edited boxes: `[file:]key=text`, params.yaml's keys without a file. */
export function setArguments(fields: readonly ParamField[], texts: readonly string[]): string[] {
  return fields.flatMap((f, i) => {
    const text = (texts[i] ?? '').trim();
    if (text === '') return [];
    return [`${f.file === 'params.yaml' ? '' : `${f.file}:`}${f.key}=${text}`];
  });
}

export function paramsForm(
  given: Extract<ExpHostMessage, { type: 'form' }>,
  trusted: boolean,
  onClose: () => void,
): ParamsForm {
  const { params: fields, folder } = given;
  const defaults = given;
  let seq = 0;
  let count = 1;
  let valid = true;
  const inputs = fields.map((f) =>
    el('input', {
      type: 'text',
      className: 'param-input',
      'data-key': `${f.file}:${f.key}`,
      'aria-label': `New value of ${printable(f.key)}`,
      placeholder: printable(f.value),
    }),
  );
  const summary = el('p', { className: 'sweep-summary', role: 'status', text: 'Makes 1 experiment.' });
  const rows = fields.map((f, i) =>
    el('tr', {}, [
      el('th', { scope: 'row', text: printable(f.file === 'params.yaml' ? f.key : `${f.file}:${f.key}`) }),
      el('td', { className: 'current', text: printable(f.value) }),
      el('td', {}, [inputs[i] as HTMLInputElement]),
    ]),
  );
  const executor = (kind: ExpExecutorKind, label: string) => {
    const input = el('input', {
      type: 'radio',
      name: 'run-on',
      value: kind,
      id: `run-on-${kind}`,
      checked: defaults.executor === kind,
    });
    return el('label', { for: `run-on-${kind}` }, [input, ` ${label}`]);
  };
  const jobs = el('input', {
    type: 'number',
    id: 'jobs',
    min: 1,
    max: 64,
    value: 1,
    'aria-label': 'Experiments at once',
  });
  const runButton = el('button', { id: 'form-run', text: 'Run', title: 'Queue the experiments and start the queue' });
  const queueButton = el('button', { id: 'form-queue', text: 'Queue', title: 'Add the experiments to the queue' });
  const cancel = el('button', { id: 'form-cancel', className: 'secondary', text: 'Cancel' });
  for (const b of [runButton, queueButton]) b.disabled = !trusted;

  const texts = () => inputs.map((i) => i.value);
  const check = (): void => {
    seq++;
    post({ type: 'checkSweep', seq, sets: setArguments(fields, texts()), folder });
  };
  for (const input of inputs) input.addEventListener('input', check);
  const submit = (mode: 'run' | 'queue'): void => {
    if (!valid) return;
    const chosen = (document.querySelector('input[name="run-on"]:checked') as HTMLInputElement | null)?.value;
    post({
      type: 'submit',
      mode,
      sets: setArguments(fields, texts()),
      executor: chosen === 'ray' ? 'ray' : 'local',
      jobs: Math.min(64, Math.max(1, Math.floor(Number(jobs.value) || 1))),
      folder,
    });
    onClose();
  };
  runButton.addEventListener('click', () => submit('run'));
  queueButton.addEventListener('click', () => submit('queue'));
  cancel.addEventListener('click', onClose);

  const chooser =
    given.folders.length > 1
      ? el('select', { id: 'form-folder', 'aria-label': 'Folder to run in' }, [
          ...given.folders.map((f) =>
            el('option', { value: f.folder, text: printable(f.name), selected: f.folder === folder }),
          ),
        ])
      : undefined;
  chooser?.addEventListener('change', () => post({ type: 'openForm', folder: chooser.value }));
  const element = el('section', { className: 'params-form', 'aria-label': 'Modify params and run or queue' }, [
    el('h2', { text: 'Modify params and run / queue' }),
    chooser
      ? el('div', { className: 'controls' }, [el('label', { for: 'form-folder', text: 'In folder' }), chooser])
      : undefined,
    el('p', {
      className: 'meta',
      text: 'Leave a box empty to keep the value. Sweeps: 0.1,0.2  choice(a,b)  range(1,10,2)',
    }),
    el('table', { className: 'params-table' }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', { text: 'param' }),
          el('th', { text: 'current' }),
          el('th', { text: 'new value or sweep' }),
        ]),
      ]),
      el('tbody', {}, rows),
    ]),
    summary,
    el('div', { className: 'controls' }, [
      el('span', { text: 'Run on:' }),
      executor('local', 'this machine'),
      executor('ray', `Ray cluster${defaults.rayAddress ? ` (${printable(defaults.rayAddress)})` : ''}`),
      el('label', { for: 'jobs', text: 'at once' }),
      jobs,
    ]),
    el('div', { className: 'controls' }, [runButton, queueButton, cancel]),
  ]);
  return {
    element,
    checked(answered, n, error) {
      if (answered !== seq) return;
      valid = error === undefined;
      count = n;
      summary.className = valid ? 'sweep-summary' : 'sweep-summary error';
      summary.textContent = valid ? `Makes ${count} experiment${count === 1 ? '' : 's'}.` : printable(error ?? '');
      for (const b of [runButton, queueButton]) b.disabled = !trusted || !valid;
    },
  };
}
