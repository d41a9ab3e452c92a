// Commands behind the welcome views: choose the tracking backend (the MLflow token goes to SecretStorage
// only, for that server's origin), create a git repository for the registry, scaffold a first pipeline.
import * as vscode from 'vscode';
import { registerTrustedCommand } from '../trust';
import { untrustedGitMessage } from '../runner/messages';
import { showInfo, showWarning } from '../notify';
import { simpleGit } from 'simple-git';
import { stopLocalMlflow } from '../local-mlflow';
import { acceptWorkspaceServer, isMlflowUri, storeMlflowToken } from '../tracking-backend';
import type { Sidebar } from './sidebar';

const STARTER_PIPELINE = `# A first pipeline: each stage runs its cmd when a dep or param changed.
stages:
  prepare:
    cmd: python src/prepare.py
    deps:
      - src/prepare.py
    outs:
      - data/prepared
  train:
    cmd: python src/train.py
    deps:
      - src/train.py
      - data/prepared
    params:
      - train.epochs
      - train.lr
    outs:
      - models/model.json
    metrics:
      - metrics.json:
          cache: false
`;

const STARTER_PARAMS = `train:
  epochs: 10
  lr: 0.1
`;

function folder(): vscode.WorkspaceFolder | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) showWarning(vscode.l10n.t('Open a folder first.'));
  return f;
}

export function registerWorkspaceCommands(context: vscode.ExtensionContext, sidebar: Sidebar): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlops.chooseBackend', async () => {
      const pick = await vscode.window.showQuickPick(
        [
          {
            label: vscode.l10n.t('$(database) Local store'),
            description: vscode.l10n.t('runs kept in this workspace (.mlops/)'),
            mlflow: false,
          },
          {
            label: vscode.l10n.t('$(cloud) MLflow Tracking Server…'),
            description: vscode.l10n.t('a team server, e.g. http://127.0.0.1:5000'),
            mlflow: true,
          },
        ],
        { title: vscode.l10n.t('Where should runs be recorded?') },
      );
      if (!pick) return;
      const config = vscode.workspace.getConfiguration('mlops');
      // A choice made here replaces a local MLflow server started for this window.
      await stopLocalMlflow();
      if (!pick.mlflow) {
        await config.update('tracking.uri', '', vscode.ConfigurationTarget.Workspace);
      } else {
        const uri = await vscode.window.showInputBox({
          title: vscode.l10n.t('MLflow Tracking Server URL'),
          value: config.get<string>('tracking.uri') || 'http://127.0.0.1:5000',
          validateInput: (v) => (isMlflowUri(v.trim()) ? undefined : vscode.l10n.t('An http:// or https:// URL')),
        });
        if (!uri) return;
        const token = await vscode.window.showInputBox({
          title: vscode.l10n.t('Access token (leave empty if the server needs none)'),
          password: true,
          ignoreFocusOut: true,
        });
        if (token === undefined) return;
        // The token is kept for this server's origin only; choosing the server here is the user's own word for it.
        await storeMlflowToken(context.secrets, uri, token || undefined);
        await acceptWorkspaceServer(context, uri);
        await config.update('tracking.uri', uri.trim(), vscode.ConfigurationTarget.Workspace);
      }
      sidebar.refresh();
    }),
    registerTrustedCommand('mlops.gitInit', untrustedGitMessage(), async () => {
      const f = folder();
      if (!f) return;
      await simpleGit({ baseDir: f.uri.fsPath }).init();
      showInfo(
        vscode.l10n.t('Initialized a git repository in {0}: model versions can now be registered as tags.', f.name),
      );
      sidebar.refresh();
    }),
    vscode.commands.registerCommand('mlops.scaffoldPipeline', async () => {
      const f = folder();
      if (!f) return;
      const target = vscode.Uri.joinPath(f.uri, 'dvc.yaml');
      const exists = await vscode.workspace.fs.stat(target).then(
        () => true,
        () => false,
      );
      if (exists) {
        await vscode.window.showTextDocument(target);
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(target, { contents: Buffer.from(STARTER_PIPELINE) });
      const params = vscode.Uri.joinPath(f.uri, 'params.yaml');
      if (
        !(await vscode.workspace.fs.stat(params).then(
          () => true,
          () => false,
        ))
      )
        edit.createFile(params, { contents: Buffer.from(STARTER_PARAMS) });
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(target);
    }),
  ];
}
