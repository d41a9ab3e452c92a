// In real VS Code: a folder whose run was logged by plain Python `mlflow` into mlflow.db, with a .venv that has
// mlflow, gets the offer to browse it; Start brings up a local server and the Experiments view lists the run;
// MLOps: Rename Run… renames it (MLflow's own client reads the new name from mlflow.db); and the server is gone
// once VS Code is.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { mlflowTestEnv, mlflowWorkspace, type MlflowWorkspace } from '../support/mlflow-workspace';
import { venvBin } from '../support/python';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

const OFFER =
  'This folder has an MLflow store (mlflow.db). Start a local MLflow server on 127.0.0.1 and browse its runs?';
const NEW_NAME = 'renamed in VS Code';

let ws: MlflowWorkspace;
let vs: Workbench | undefined;
let serverPid: number | undefined;

before(async () => {
  ws = mlflowWorkspace('sqlite');
  symlinkSync(dirname(venvBin()), join(ws.folder, '.venv'));
  // Inherited by code-server, its extension host and so the server: nothing may leave loopback.
  Object.assign(process.env, { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' });
  vs = await launch({ name: 'local-mlflow', project: ws.folder });
});
after(async () => {
  await vs?.close();
  ws?.remove();
});

/** Our output channel's log file in the throwaway profile that harness.ts made next to the workspace. */
function ourLog(): string {
  const logs = join(dirname(vs!.folder), 'profile', 'user-data', 'logs');
  const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('MLOps Workbench.log'),
  );
  return files.map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
}

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

test('the offer starts a local MLflow server and the Experiments view lists the run Python logged', {
  timeout: 600_000,
}, async () => {
  const toast = vs!.page.locator('.notifications-toasts .notification-toast').filter({ hasText: OFFER });
  await toast.waitFor({ timeout: 120_000 });
  await vs!.shot('1-offer');
  await toast.getByRole('button', { name: 'Start', exact: true }).click();
  await vs!.showActivity('MLOps');
  await vs!.waitForTreeRow('Experiments', 'Run py-run', () => true, 240_000);
  await vs!.shot('2-run-listed');
  const line = await eventually(
    'the server line in our log',
    async () =>
      /Local MLflow server over .*mlflow\.db at http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)/.exec(ourLog()) ?? undefined,
  );
  serverPid = Number(line[1]);
});

test('Rename Run… refuses an empty name, then renames; MLflow reads the new name from mlflow.db', {
  timeout: 300_000,
}, async () => {
  await vs!.startCommand('MLOps: Rename Run…');
  await vs!.choose('Rename run', 'py-run', (label) => label.startsWith('py-run'));
  const box = await eventually('the rename box', async () =>
    (await vs!.quickInput())?.title === 'Rename run “py-run”' ? vs!.quickInput() : undefined,
  );
  assert.equal(box?.value, 'py-run', 'the box proposes the current name');
  await vs!.page.locator('.quick-input-widget .quick-input-box input').fill('   ');
  await eventually('the validation message', async () =>
    (await vs!.quickInput())?.message.includes('cannot be empty') ? true : undefined,
  );
  await vs!.shot('3-empty-name-refused');
  await vs!.answer('Rename run “py-run”', NEW_NAME);
  await vs!.waitForTreeRow('Experiments', `Run ${NEW_NAME}`);
  await vs!.shot('4-renamed');
  const read = execFileSync(
    join(venvBin(), 'python'),
    ['-c', `import mlflow; print(mlflow.MlflowClient().get_run("${ws.runId}").info.run_name)`],
    {
      encoding: 'utf8',
      env: mlflowTestEnv({ MLFLOW_TRACKING_URI: `sqlite:///${join(vs!.folder, 'mlflow.db')}` }),
    },
  );
  assert.equal(read.trim().split('\n').pop(), NEW_NAME);
});

test('closing VS Code leaves no MLflow server behind', { timeout: 120_000 }, async () => {
  assert.ok(serverPid !== undefined && !gone(serverPid), 'the server was running');
  await vs!.close();
  vs = undefined;
  await eventually(`process ${serverPid} to end`, async () => (gone(serverPid!) ? true : undefined), 30_000);
});
