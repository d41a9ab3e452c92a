// Plots panel: the DVC plots of the revisions another view asked for (`mlops.plots.showForRevisions`, e.g. the
// Experiments table's selected rows) overlaid, each revision in the stable colour of its name, so an experiment
// keeps its colour whichever others it is shown with.
import '../shared/panel.css';
import { clear, el, showAlert } from '../shared/dom';
import { runColor } from '../shared/colors';
import { PlotsSlot } from '../shared/plots-section';
import { onThemeChange } from '../shared/theme';
import { onHostMessage, post } from '../shared/vscode-api';
import { vscodeApi } from '../shared/vscode-bridge';
import type { PersistedPlotsPanel } from '../contract';

const app = document.getElementById('app') as HTMLElement;
const plots = new PlotsSlot(app, {
  colorOf: (_, owner) => runColor(owner),
  onSmooth: (bandwidth) => {
    smooth = bandwidth;
    persist();
    post({ type: 'smoothPlots', bandwidth });
  },
});
let revisions: string[] = [];
/** The bandwidth the reader set (kept across a reload by the state); unset, DVC's initial one. */
let smooth = (vscodeApi().getState() as Partial<PersistedPlotsPanel> | undefined)?.smooth;

/** A window reload reopens the panel with these revisions and this bandwidth (the host's serializer reads them). */
function persist(): void {
  vscodeApi().setState({
    kind: 'plots',
    revisions,
    ...(smooth === undefined ? {} : { smooth }),
  } satisfies PersistedPlotsPanel);
}

function render(): void {
  clear(app);
  app.append(
    el('header', {}, [el('h1', { text: revisions.length > 0 ? `Plots: ${revisions.join(' · ')}` : 'Plots' })]),
  );
  const section = plots.element();
  if (section) app.append(section);
}

// Only plots and errors come to this panel: the host sends no runs.
onHostMessage((message) => {
  if (message.type === 'error') {
    showAlert(app, message.message);
  } else if (message.type === 'plots') {
    revisions = message.revisions;
    persist();
    plots.show(message, false);
    render();
  }
});

onThemeChange(render);
post({ type: 'ready' });
