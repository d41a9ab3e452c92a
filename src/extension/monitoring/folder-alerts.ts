// One workspace folder's alerts (vscode-free, unit-tested with two folders of different configs): the "alerts" of
// that folder's .mlops.json (found up to its repository's root, as `mlops alerts check` run there finds it) evaluated
// on that folder's own store (core/monitoring); and which alerts have just started firing, per folder, so a window
// of several folders notifies once per folder's alert and never mistakes one folder's rule for another's.
import * as l10n from '@vscode/l10n';
import { type AlertResult, evaluateAlerts, parseAlertRules } from '../../core/monitoring';
import { projectBlock } from '../../core/project-config';
import type { TrackingStore } from '../../core/tracking/types';

export type FolderAlerts = { folder: string } & (
  | { state: 'evaluated'; alerts: AlertResult[] }
  /** No "alerts" in the folder's .mlops.json. */
  | { state: 'no-rules' }
  /** The rules could not be read, or the store failed: what to tell the user. */
  | { state: 'unavailable'; message: string }
);

/** `folder`'s alerts, each rule on the runs of the store `storeOf(folder)` gives. */
export async function folderAlerts(
  folder: string,
  storeOf: (folder: string) => Promise<TrackingStore>,
): Promise<FolderAlerts> {
  const rules = projectBlock(folder, 'alerts', parseAlertRules);
  if (!rules.ok) return { folder, state: 'unavailable', message: rules.message };
  if (rules.value.length === 0) return { folder, state: 'no-rules' };
  try {
    const report = await evaluateAlerts(await storeOf(folder), rules.value);
    return { folder, state: 'evaluated', alerts: report.alerts };
  } catch (err) {
    return {
      folder,
      state: 'unavailable',
      message: l10n.t('Alerts not evaluated: {0}', err instanceof Error ? err.message : String(err)),
    };
  }
}

/** The firing alerts of a folder, each as `folder` + NUL + name: two folders' rules of one name stay apart. */
export function firingKeys(result: FolderAlerts): string[] {
  return result.state === 'evaluated'
    ? result.alerts.filter((a) => a.fired).map((a) => `${result.folder}\0${a.name}`)
    : [];
}
