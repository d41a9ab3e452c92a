// Commands on the Models view: register a version from a run's output, promote, deprecate, open lineage,
// copy a version's URI. They work from the palette too, asking for what they lack.
import * as vscode from 'vscode';
import { registerTrustedCommand } from '../trust';
import { untrustedGitMessage } from '../runner/messages';
import { showError, showInfo, showWarning } from '../notify';
import { nodeFileSystem } from '../../core/fs';
import { readArtifacts } from '../../core/registry/artifacts';
import { nextVersion } from '../../core/registry/promote-run';
import * as path from 'node:path';
import { runChoices, runIdsFrom } from '../panels/commands';
import { type FolderBackends, isMlflowUri, trackingUri } from '../tracking-backend';
import { lineageMarkdown } from './lineage';
import type { ModelNode } from './models-view';
import { pickOrType, type Suggestion } from './pick-or-type';
import type { Sidebar } from './sidebar';
import { errorMessage } from '../localized';

const SCHEME = 'mlops-lineage';
const SEMVER = /^v?\d+\.\d+\.\d+$/;

/**
 * Names to offer for a model registered from `outputPath`: artifacts dvc.yaml declares at that path first
 * (what GTO and DVC call it), then the models already registered, then one made from the file name.
 */
function nameSuggestions(
  root: string | undefined,
  outputPath: string,
  models: readonly { name: string }[],
): Suggestion[] {
  const declared = root ? [...readArtifacts(root, nodeFileSystem).values()].filter((a) => a.path === outputPath) : [];
  const fromFile =
    outputPath
      .split('/')
      .pop()
      ?.replace(/\.[^.]+$/, '')
      .replace(/[^a-z0-9-]+/gi, '-')
      .toLowerCase() || 'model';
  const all: Suggestion[] = [
    ...declared.map((a) => ({
      label: a.name,
      description: vscode.l10n.t('declared in {0}', vscode.workspace.asRelativePath(a.file)),
    })),
    ...models.map((m) => ({ label: m.name, description: vscode.l10n.t('registered') })),
    { label: fromFile },
  ];
  return all.filter((s, i) => all.findIndex((t) => t.label === s.label) === i);
}

type VersionNode = Extract<ModelNode, { kind: 'version' }>;

/**
 * `registryChanged` is told of each register, promote and deprecate done here: an MLflow registry changes no file
 * the workspace model watches, so the panels offering model versions would not hear of it otherwise.
 */
export function registerModelCommands(
  sidebar: Sidebar,
  backends: FolderBackends,
  registryChanged: (folder: string | undefined) => void,
): vscode.Disposable[] {
  const lineage = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();

  const pickVersion = async (node: unknown): Promise<VersionNode | undefined> => {
    if (typeof node === 'object' && node !== null && (node as ModelNode).kind === 'version') return node as VersionNode;
    // From the palette: every registry of the window's folders (the folders' names shown when there are several).
    const served = await backends.registries();
    const listed = await Promise.all(served.map((s) => s.backend.listModels()));
    const named = served.length > 1;
    const pick = await vscode.window.showQuickPick(
      listed.flatMap((models, i) => {
        const folder = served[i]?.folders[0] ?? '';
        const where = named ? `${path.basename(folder)} · ` : '';
        return models.flatMap((m) =>
          m.versions.map((version) => ({
            label: `${m.name} ${version.version}`,
            description: `${where}${version.stages.join(', ')}`,
            node: { kind: 'version', model: m.name, version, folder, scope: '' } as VersionNode,
          })),
        );
      }),
      { title: vscode.l10n.t('Model version') },
    );
    return pick?.node;
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => lineage.get(uri.toString()) ?? '',
    }),
    registerTrustedCommand('mlops.models.register', untrustedGitMessage(), async (...args: unknown[]) => {
      try {
        let [runId] = runIdsFrom(...args);
        if (!runId) {
          const runs = await runChoices(backends, { pageSize: 200, filter: { statuses: ['FINISHED'] } });
          const pick = await vscode.window.showQuickPick(
            runs.map(({ run: r, where }) => ({
              label: r.name,
              description: where ? `${where} · ${r.experiment}` : r.experiment,
              runId: r.id,
            })),
            { title: vscode.l10n.t('Register a model from which run?') },
          );
          runId = pick?.runId;
        }
        if (!runId) return;
        // The version goes to the registry of the folder that recorded the run (its repository's tags).
        const { store: s, folder } = await backends.ofRun(runId);
        const run = await s.getRun(runId);
        if (!run) throw new Error(vscode.l10n.t('run {0} not found', runId));
        if (run.outputs.length === 0)
          throw new Error(vscode.l10n.t('run {0} recorded no outputs to register', run.name));
        const output = await vscode.window.showQuickPick(
          run.outputs.map((o) => ({ label: o.path, description: `${o.md5}${o.stage ? ` · ${o.stage}` : ''}`, o })),
          { title: vscode.l10n.t('Which output is the model?') },
        );
        if (!output) return;
        const reg = await backends.registry(folder);
        const models = await reg.listModels();
        const name = await pickOrType(
          vscode.l10n.t('Model name'),
          vscode.l10n.t('Pick a name or type a new one'),
          nameSuggestions(folder, output.o.path, models),
        );
        if (!name) return;
        const version = await vscode.window.showInputBox({
          title: vscode.l10n.t('Version of {0}', name),
          value: nextVersion(models.find((m) => m.name === name)?.versions ?? []),
          validateInput: (v) =>
            isMlflowUri(trackingUri()) || SEMVER.test(v)
              ? undefined
              : vscode.l10n.t('GTO versions are semantic versions like v1.2.0'),
        });
        if (!version) return;
        await reg.register({
          name,
          version,
          runId: run.id,
          path: output.o.path,
          md5: output.o.md5,
          commit: run.git?.commit,
        });
        sidebar.refresh();
        registryChanged(folder);
        showInfo(vscode.l10n.t('Registered {0} {1} from run {2}.', name, version, run.name));
      } catch (err) {
        showError(vscode.l10n.t('Could not register the model: {0}', errorMessage(err)));
      }
    }),
    registerTrustedCommand('mlops.models.promote', untrustedGitMessage(), async (node?: unknown) => {
      const v = await pickVersion(node);
      if (!v) return;
      const stage = await pickOrType(
        vscode.l10n.t('Promote {0} {1} to', v.model, v.version.version),
        vscode.l10n.t('A stage (GTO) or an alias (MLflow): pick one or type a new one'),
        ['dev', 'staging', 'prod', 'champion'].map((label) => ({ label })),
      );
      if (!stage) return;
      try {
        await (await backends.registry(v.folder)).promote(v.model, v.version.version, stage);
        sidebar.refresh();
        registryChanged(v.folder);
        showInfo(vscode.l10n.t('{0} {1} is now {2}.', v.model, v.version.version, stage));
      } catch (err) {
        showError(vscode.l10n.t('Could not promote: {0}', errorMessage(err)));
      }
    }),
    registerTrustedCommand('mlops.models.deprecate', untrustedGitMessage(), async (node?: unknown) => {
      const chosen =
        typeof node === 'object' && node !== null && (node as ModelNode).kind === 'model'
          ? (node as Extract<ModelNode, { kind: 'model' }>)
          : await pickVersion(node);
      if (!chosen) return;
      const model = chosen.kind === 'model' ? chosen.model.name : chosen.model;
      const deprecate = vscode.l10n.t('Deprecate');
      const sure = await showWarning(
        vscode.l10n.t('Deprecate model {0}? Its versions stay in history.', model),
        { modal: true },
        deprecate,
      );
      if (sure !== deprecate) return;
      try {
        await (await backends.registry(chosen.folder)).deprecate(model);
        sidebar.refresh();
        registryChanged(chosen.folder);
      } catch (err) {
        showError(vscode.l10n.t('Could not deprecate {0}: {1}', model, errorMessage(err)));
      }
    }),
    vscode.commands.registerCommand('mlops.models.lineage', async (node?: unknown) => {
      const v = await pickVersion(node);
      if (!v) return;
      const runId = v.version.runId;
      const run = runId
        ? await backends
            .ofRun(runId)
            .then(({ store }) => store.getRun(runId))
            .catch(() => undefined)
        : undefined;
      const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${v.model}/${v.version.version}.md` });
      lineage.set(uri.toString(), lineageMarkdown(v.model, v.version, run));
      changed.fire(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    vscode.commands.registerCommand('mlops.models.copyUri', async (node?: unknown) => {
      const v = await pickVersion(node);
      if (!v) return;
      const uri = isMlflowUri(trackingUri())
        ? `models:/${v.model}/${v.version.version}`
        : `${v.model.replace(/:/g, '=')}@${v.version.version}`;
      await vscode.env.clipboard.writeText(uri);
      vscode.window.setStatusBarMessage(`Copied ${uri}`, 3000);
    }),
  ];
}
