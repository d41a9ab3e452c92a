// The executor of runs started from the editor: `mlops.executor` (local | ray), `mlops.ray.address`,
// `mlops.ray.data`, and the dashboard's token from SecretStorage, kept per origin so it is only ever sent
// to the cluster it was given for. The decision itself is core's (core/executors/choose.ts), shared with
// the CLI. These settings are restricted in untrusted workspaces: a cloned repository cannot send runs,
// and the MLflow token they carry, to a cluster of its choosing.
import * as vscode from 'vscode';
import { showWarning } from '../notify';
import { chooseExecutor, type ExecutorChoice } from '../../core/executors/choose';
import { serverOrigin, tokenKey } from '../../core/secrets/origins';
import type { MlflowAuth } from '../../core/tracking/mlflow/http';

function settings(): { executor: string; rayAddress: string; rayData: string } {
  const c = vscode.workspace.getConfiguration('mlops');
  return {
    executor: c.get<string>('executor', 'local'),
    rayAddress: c.get<string>('ray.address', '').trim(),
    rayData: c.get<string>('ray.data', 'none').trim(),
  };
}

/** The dashboard token kept for `address`'s origin, if any. */
export async function rayToken(secrets: vscode.SecretStorage, address: string): Promise<string | undefined> {
  const o = serverOrigin(address);
  return o ? await secrets.get(tokenKey('ray', o)) : undefined;
}

export async function editorExecutor(
  secrets: vscode.SecretStorage,
  mlflow: { uri: string; auth: MlflowAuth } | undefined,
  log: vscode.LogOutputChannel,
): Promise<ExecutorChoice> {
  const s = settings();
  if (s.executor !== 'ray') return chooseExecutor({ executor: s.executor }, mlflow);
  const token = await rayToken(secrets, s.rayAddress);
  return chooseExecutor({ ...s, rayToken: token }, mlflow, (id, address) =>
    log.info(`submitted Ray job ${id} to ${address}`),
  );
}

/** MLOps: Set Ray Dashboard Token… — for the address in `mlops.ray.address`, stored for that origin only. */
export function registerRayTokenCommand(secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.commands.registerCommand('mlops.setRayToken', async () => {
    const o = serverOrigin(settings().rayAddress);
    if (!o) {
      void showWarning(
        vscode.l10n.t(
          'Set mlops.ray.address to the Ray dashboard (http://HOST:8265) first: the token is kept for that address only.',
        ),
      );
      return;
    }
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('Ray dashboard token for {0}', o),
      prompt: vscode.l10n.t('Sent as "Authorization: Bearer …" to this address only. Leave empty to forget it.'),
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return;
    if (token === '') await secrets.delete(tokenKey('ray', o));
    else await secrets.store(tokenKey('ray', o), token);
  });
}
