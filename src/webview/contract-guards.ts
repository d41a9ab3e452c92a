// The runtime guard of the metrics panels' messages to the host (contract.ts's `PanelMessage`), field by field;
// part of the contract (the extension imports it as it imports contract.ts), kept apart for its size.
// A panel page renders run names, params and metrics from a tracking server or a repository; if anything in it
// ever ran script, its messages would be the attacker's. So the host acts only on messages of the exact shape:
// a `command` names one of PANEL_COMMANDS with a short list of run ids, an export a plain file name, settings
// the values the panel can set. Anything else is refused (and logged by the host).
import { PANEL_COMMANDS, type PanelMessage, type ViewSettings, type XAxis } from './contract';

/** A run id (MLflow's are 32 hex characters, ours shorter) and how many a panel can act on at once. */
const MAX_ID = 256;
const MAX_RUNS = 1000;
const MAX_FILE_NAME = 1024;
/** A "Compare with…" label: a ref name, or a model's name, version and stages. */
const MAX_LABEL = 1024;

const commands = new Set<string>(PANEL_COMMANDS);
const xAxes = new Set<XAxis>(['step', 'wall', 'relative']);
const formats = new Set(['csv', 'svg', 'png']);

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isRunIds = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length >= 1 && v.length <= MAX_RUNS && v.every((id) => isText(id, MAX_ID));

/** A `smooth` loess bandwidth the slider can set (DVC's: 0.001 to 1). */
export const isBandwidth = (v: unknown): v is number => typeof v === 'number' && v >= 0.001 && v <= 1;

/** A panel's settings, from its messages or from the state it saved (handed back after a window reload). */
export function isSettings(v: unknown): v is ViewSettings {
  if (!isObject(v)) return false;
  const { xAxis, smoothing, logScale, onlyDifferences, sort, scatter, plots } = v;
  return (
    xAxes.has(xAxis as XAxis) &&
    typeof smoothing === 'number' &&
    smoothing >= 0 &&
    smoothing <= 0.99 &&
    typeof logScale === 'boolean' &&
    typeof onlyDifferences === 'boolean' &&
    (sort === undefined ||
      (isObject(sort) && typeof sort.column === 'string' && typeof sort.descending === 'boolean')) &&
    (scatter === undefined ||
      (isObject(scatter) && typeof scatter.param === 'string' && typeof scatter.metric === 'string')) &&
    (plots === undefined ||
      (isObject(plots) &&
        (plots.compare === undefined || isText(plots.compare, MAX_LABEL)) &&
        (plots.smooth === undefined || isBandwidth(plots.smooth))))
  );
}

/** Checks every field the host acts on, not only the discriminant. */
export function isPanelMessage(value: unknown): value is PanelMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'command':
      return typeof value.command === 'string' && commands.has(value.command) && isRunIds(value.runIds);
    case 'export':
      // A name for the save dialog to propose, never a path.
      return (
        isText(value.fileName, MAX_FILE_NAME) &&
        !/[\\/]/.test(value.fileName) &&
        formats.has(value.format as string) &&
        typeof value.data === 'string'
      );
    case 'settings':
      return isSettings(value.settings);
    case 'smoothPlots':
      return isBandwidth(value.bandwidth);
    case 'comparePlots':
      // Only the shape here: the host reads a label only if it offered it (compare-choices.ts offeredChoice).
      return value.revision === null || isText(value.revision, MAX_LABEL);
    default:
      return false;
  }
}
