// Steps of e2e tests that span the window rather than one part of it (workbench.ts keeps the parts' helpers):
// opening a run's panel from the MLOps side bar, and reloading the window as a person does.
import { eventually, type Workbench } from './workbench';

/** Opens the panel of the first run the MLOps Experiments view lists, by the row's own action. */
export async function openFirstRunPanel(vs: Workbench): Promise<void> {
  await vs.showActivity('MLOps');
  const row = vs.treeRow('Experiments', 'Run ');
  await eventually('a run in the Experiments view', async () => ((await row.count()) > 0 ? true : undefined), 60_000);
  // The tree may still be settling after the run appeared: click until the panel opens.
  const tab = vs.page.locator('.tabs-container .tab.active[aria-label^="Run: "]');
  await eventually('the run panel to open', async () => {
    if ((await tab.count()) > 0) return true;
    await vs.clickRowAction('Experiments', 'Run ', 'Open Run Metrics').catch(() => undefined);
    return undefined;
  });
}

/** "Developer: Reload Window"; returns once the new window's workbench is up. */
export async function reloadWindow(vs: Workbench): Promise<void> {
  const flag = '__mlopsBeforeReload';
  await vs.page.evaluate((f) => Object.assign(window, { [f]: true }), flag);
  // The page navigates away under the palette, whose own wait may then fail.
  await vs.runCommand('Developer: Reload Window').catch(() => undefined);
  await eventually(
    'the window reloaded',
    async () => ((await vs.page.evaluate((f) => !(f in window), flag).catch(() => false)) ? true : undefined),
    90_000,
  );
  await vs.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
}
