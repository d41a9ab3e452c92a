// Connects the workspace model to the LSP connection: documents, watched files, settings, and publishing
// diagnostics. Every handler is guarded: a bug answers with nothing and a log line, never a dead server.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { nodeFileSystem, overlayFileSystem, type FileSystem } from '../core/fs';
import { isPipelineFile, WorkspaceModel, type Group, type GroupResult } from './analysis';
import type { ValidatedPipeline } from '../core/pipeline';
import { toLspDiagnostic, toPath, toUri } from './convert';
import { Throttle } from './scheduler';
import { readSettings } from './settings';

/** Pause after a validation before the next one while the user keeps typing. */
const VALIDATION_WINDOW_MS = 150;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  /** Unsaved editor text by absolute path, layered over the disk. */
  private readonly overlay = new Map<string, string>();
  readonly fs: FileSystem = overlayFileSystem(nodeFileSystem, this.overlay);
  readonly model = new WorkspaceModel(this.fs);
  private readonly published = new Map<Group, Set<string>>();
  private readonly throttle = new Throttle<Group>(VALIDATION_WINDOW_MS, (g) => this.validate(g));
  private configurationPull = false;
  /**
   * Whether the workspace is trusted, as the client says (`initializationOptions.trusted`, then the
   * `mlops/workspaceTrusted` notification when the user grants trust). Untrusted unless told: the server then reads
   * files but runs nothing (no git).
   */
  trusted = false;
  private folderEvents = false;

  constructor(readonly connection: Connection) {}

  /** Runs `fn`, logging and returning `fallback` if it throws. */
  guard<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      this.connection.console.error(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return fallback;
    }
  }

  initialize(params: InitializeParams): void {
    this.configurationPull = params.capabilities.workspace?.configuration === true;
    this.folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    const options = params.initializationOptions as { trusted?: unknown } | undefined;
    this.trusted = options?.trusted === true;
    const folders = params.workspaceFolders?.map((f) => toPath(f.uri)) ?? [
      params.rootUri ? toPath(params.rootUri) : undefined,
    ];
    for (const root of folders)
      if (root) this.guard('adding workspace folder', undefined, () => this.model.addRoot(root));
  }

  listen(): void {
    const c = this.connection;
    this.documents.onDidChangeContent((e) =>
      this.guard('didChange', undefined, () => this.textChanged(e.document.uri, e.document.getText())),
    );
    this.documents.onDidClose((e) =>
      this.guard('didClose', undefined, () => this.textChanged(e.document.uri, undefined)),
    );
    c.onDidChangeWatchedFiles((p) =>
      this.guard('didChangeWatchedFiles', undefined, () => {
        for (const change of p.changes) {
          const file = toPath(change.uri);
          if (!file) continue;
          if (isPipelineFile(file)) this.model.track(file);
          this.requestFor(file);
        }
      }),
    );
    c.onDidChangeConfiguration(() => void this.refreshSettings());
    // Sent by the extension's language client when the user trusts the folder (trust is never withdrawn live).
    c.onNotification('mlops/workspaceTrusted', () => {
      this.trusted = true;
    });
    c.onInitialized(() => {
      if (this.folderEvents) {
        c.workspace.onDidChangeWorkspaceFolders((e) =>
          this.guard('workspace folders', undefined, () => {
            for (const f of e.removed) {
              const root = toPath(f.uri);
              const group = root ? this.model.removeRoot(root) : undefined;
              if (group) this.clear(group);
            }
            for (const f of e.added) {
              const root = toPath(f.uri);
              if (root) this.throttle.request(this.model.addRoot(root));
            }
          }),
        );
      }
      void this.refreshSettings();
    });
    this.documents.listen(c);
  }

  /** The analysed dvc.yaml behind `uri`, brought up to date with the editor's text first. */
  analyzed(uri: string): { analyzed: ValidatedPipeline; result: GroupResult; group: Group } | undefined {
    const file = toPath(uri);
    if (!file || !isPipelineFile(file)) return undefined;
    const group = this.model.track(file);
    if (group.result?.pipelines.get(file)?.text !== this.fs.readText(file)) this.validate(group);
    const result = group.result;
    const analyzed = result?.pipelines.get(file);
    return result && analyzed ? { analyzed, result, group } : undefined;
  }

  dispose(): void {
    this.throttle.dispose();
  }

  private textChanged(uri: string, text: string | undefined): void {
    const file = toPath(uri);
    if (!file) return;
    if (text === undefined) this.overlay.delete(file);
    else this.overlay.set(file, text);
    if (isPipelineFile(file)) this.model.track(file);
    this.requestFor(file);
  }

  private requestFor(file: string): void {
    for (const group of this.model.affectedBy(file)) this.throttle.request(group);
  }

  private async refreshSettings(): Promise<void> {
    for (const group of this.model.allGroups()) {
      try {
        const section: unknown = this.configurationPull
          ? await this.connection.workspace.getConfiguration({ scopeUri: toUri(group.root), section: 'mlops' })
          : undefined;
        const { settings, problems } = readSettings(section);
        for (const p of problems) this.connection.console.warn(p);
        group.severity = settings.severity;
      } catch (error) {
        this.connection.console.error(`reading settings failed: ${String(error)}`);
      }
      this.throttle.request(group);
    }
  }

  private validate(group: Group): void {
    this.guard('validation', undefined, () => {
      const result = this.model.analyze(group);
      const before = this.published.get(group) ?? new Set<string>();
      const now = new Set<string>();
      for (const [file, diagnostics] of result.diagnostics) {
        const uri = toUri(file);
        now.add(uri);
        const version = this.documents.get(uri)?.version;
        void this.connection.sendDiagnostics({
          uri,
          ...(version !== undefined ? { version } : {}),
          diagnostics: diagnostics.map(toLspDiagnostic),
        });
      }
      for (const uri of before) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.published.set(group, now);
    });
  }

  private clear(group: Group): void {
    for (const uri of this.published.get(group) ?? []) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published.delete(group);
  }
}
