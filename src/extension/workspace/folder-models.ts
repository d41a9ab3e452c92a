// The workspace model's state for every workspace folder of a (multi-root) window: each folder's pipelines, stage
// status and experiments, loaded once per change of that folder, and which folder a changed file belongs to. A
// folder is what DVC calls a repository root (`dvc` run there); two folders never share a pipeline, so a change in
// one recomputes that one only. No vscode import: workspace-model.ts adds the watcher, timers and events, and this
// is tested against real folders (test/unit/workspace-folders.test.ts).
import * as path from 'node:path';
import { type ExperimentsSnapshot, loadExperiments } from '../../core/experiments/table-load';
import { loadWorkspace, type Workspace } from '../../core/runner/workspace';
import { workspaceStatus, type WorkspaceStatus } from '../../core/runner/workspace-status';
import { type ChangeKind, classifyChange } from './change-kind';

interface FolderState {
  pipelines?: Workspace;
  status?: WorkspaceStatus;
  computing?: Promise<void>;
  again: boolean;
  experiments?: Promise<ExperimentsSnapshot>;
}

export interface FolderChange {
  folder: string;
  kind: ChangeKind;
}

export class FolderModels {
  private readonly states = new Map<string, FolderState>();

  constructor(
    /** The workspace folders' paths, in the window's order. */
    private readonly folders: () => readonly string[],
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  list(): readonly string[] {
    return this.folders();
  }

  /** The workspace folder holding `file` (the deepest, when folders nest), or undefined outside them all. */
  folderOf(file: string): string | undefined {
    const abs = path.resolve(file);
    let best: string | undefined;
    for (const folder of this.folders()) {
      const rel = path.relative(folder, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (best === undefined || folder.length > best.length) best = folder;
    }
    return best;
  }

  /** What a change of `file` means, and to which folder; undefined outside every folder. */
  change(file: string): FolderChange | undefined {
    const folder = this.folderOf(file);
    return folder === undefined ? undefined : { folder, kind: classifyChange(path.relative(folder, file)) };
  }

  /** The folder's pipelines and stage graph as saved (loaded on first use and after forgetPipelines). */
  pipelines(folder: string): Workspace {
    const state = this.state(folder);
    state.pipelines ??= loadWorkspace(folder);
    return state.pipelines;
  }

  forgetPipelines(folder: string): void {
    this.state(folder).pipelines = undefined;
  }

  /** The folder's last computed status; undefined until its first computation ends. */
  status(folder: string): WorkspaceStatus | undefined {
    return this.states.get(folder)?.status;
  }

  /**
   * Recomputes the folder's status, one computation per folder at a time (a change during one is answered by one
   * more after it); `done` is called after each with the folder.
   */
  computeStatus(folder: string, done: (folder: string) => void): Promise<void> {
    const state = this.state(folder);
    if (state.computing) {
      state.again = true;
      return state.computing;
    }
    state.computing = (async () => {
      do {
        state.again = false;
        state.status = await this.compute(folder);
        done(folder);
      } while (state.again);
    })().finally(() => (state.computing = undefined));
    return state.computing;
  }

  /** The folder's experiments (core/experiments/table-load.ts), read once until forgetExperiments. */
  experiments(folder: string): Promise<ExperimentsSnapshot> {
    const state = this.state(folder);
    state.experiments ??= loadExperiments(folder).catch((err: unknown) => {
      const problem = err instanceof Error ? err.message : String(err);
      this.warn(`experiments of ${folder}: ${problem}`);
      return { rows: [], queue: [], problem };
    });
    return state.experiments;
  }

  forgetExperiments(folder: string): void {
    this.state(folder).experiments = undefined;
  }

  /** Drops the state of folders no longer in the window. */
  prune(): void {
    const open = new Set(this.folders());
    for (const folder of this.states.keys()) if (!open.has(folder)) this.states.delete(folder);
  }

  private state(folder: string): FolderState {
    let state = this.states.get(folder);
    if (!state) {
      state = { again: false };
      this.states.set(folder, state);
    }
    return state;
  }

  private async compute(folder: string): Promise<WorkspaceStatus> {
    try {
      return await workspaceStatus(this.pipelines(folder));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.warn(`pipeline status of ${folder} failed: ${reason}`);
      return { ok: false, reason };
    }
  }
}
