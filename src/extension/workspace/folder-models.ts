// The workspace model's state for every workspace folder of a (multi-root) window: each folder's pipelines, stage
// status and experiments (with their quality gates), loaded once per change of that folder, and which folder a
// changed file belongs to. A folder is what DVC calls a repository root (`dvc` run there); two folders never share
// a pipeline, so a change in one recomputes that one only. No vscode import: workspace-model.ts adds the watcher, timers and events, and this
// is tested against real folders (test/unit/workspace-folders.test.ts). A status after a change re-verifies only
// what changed: hashes with no event since their last verification are reused (verified-hashes.ts), a data change
// re-reads the known pipeline files without walking the workspace, and the hash cache stays in memory — measured
// on 20,000 files, a pass after one file's event costs ~10 ms instead of ~100 (docs/ARCHITECTURE.md, "The
// workspace model"; test/unit/workspace-verified-status.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TableGates } from '../../core/checks/table-gates';
import type { ExpRow } from '../../core/experiments/table-rows';
import { type ExperimentsSnapshot, loadExperiments } from '../../core/experiments/table-load';
import { loadWorkspace, reloadWorkspace, type Workspace } from '../../core/runner/workspace';
import { HashCache } from '../../core/runner/hash-cache';
import { VerifiedHashes } from '../../core/runner/verified-hashes';
import { workspaceStatus, type WorkspaceStatus } from '../../core/runner/workspace-status';
import { type ChangeKind, classifyChange } from './change-kind';

interface FolderState {
  pipelines?: Workspace;
  /** Pipelines to read again without discovery (a change since that cannot add or remove a pipeline file). */
  reread?: Workspace;
  status?: WorkspaceStatus;
  computing?: Promise<void>;
  again: boolean;
  experiments?: Promise<ExperimentsSnapshot>;
  /** Hashes verified by an earlier pass with no file event since (only with a watcher: see the constructor). */
  verified?: VerifiedHashes;
  /**
   * The folder's hash cache, read once and kept: each pass would otherwise parse it again (2.7 MB for 20,000
   * files). Its entries are checked against each file's signature when used, so one that another process made
   * stale is a miss, never a wrong hash. Saved a little after the pass that changed it, off the status's path.
   */
  hashCache?: HashCache;
  saveTimer?: NodeJS.Timeout;
  gates?: Promise<TableGates>;
}

/** How long after a status pass its hash cache is written (passes in a row write once). */
const SAVE_DELAY_MS = 2000;

/** The quality gates of a folder's experiment rows (core/checks/table-gates.ts with the editor's backend). */
export type GatesOf = (folder: string, rows: readonly ExpRow[]) => Promise<TableGates>;

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
    /**
     * Given when every file event under the folders reaches `fileEvent`: the paths the watcher covers. A status pass
     * then re-verifies only the deps and outs that had an event since the last (core/runner/verified-hashes.ts).
     */
    private readonly watched?: (abs: string) => boolean,
    private readonly gatesOf: GatesOf = async () => ({}),
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

  /**
   * A file was created, changed or deleted (call on every watcher event, before anything else): hashes verified
   * at or under or above it are verified again. Every folder hears it, as nested folders share files.
   */
  fileEvent(file: string): void {
    const abs = path.resolve(file);
    for (const state of this.states.values()) state.verified?.changed(abs);
  }

  /** The next status pass of `folder` verifies every file (before a run: the disk as it is this moment). */
  forgetVerified(folder: string): void {
    this.states.get(folder)?.verified?.clear();
  }

  /** The folder's pipelines and stage graph as saved (loaded on first use and after forgetPipelines). */
  pipelines(folder: string): Workspace {
    const state = this.state(folder);
    state.pipelines ??= state.reread ? reloadWorkspace(state.reread) : loadWorkspace(folder);
    state.reread = undefined;
    return state.pipelines;
  }

  /** The folder's pipelines are read again on next use, after discovering them again. */
  forgetPipelines(folder: string): void {
    const state = this.state(folder);
    state.pipelines = undefined;
    state.reread = undefined;
  }

  /**
   * A file that is not a pipeline file by its name changed (data, or a vars or params file the pipelines read):
   * they are read again on next use, discovered again only when the change may add or remove a pipeline file.
   */
  dataChanged(folder: string, file: string): void {
    const state = this.state(folder);
    const known = state.pipelines ?? state.reread;
    state.pipelines = undefined;
    state.reread = known && !mayAddOrRemovePipelines(path.resolve(file), known) ? known : undefined;
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
    const state = this.state(folder);
    state.experiments = undefined;
    state.gates = undefined;
  }

  /** The gates of the folder's experiments as last read, computed once until forgetGates (or forgetExperiments). */
  gates(folder: string): Promise<TableGates> {
    const state = this.state(folder);
    state.gates ??= this.experiments(folder)
      .then((snapshot) => this.gatesOf(folder, snapshot.rows))
      .catch((err: unknown) => {
        this.warn(`quality gates of ${folder}: ${err instanceof Error ? err.message : String(err)}`);
        return {};
      });
    return state.gates;
  }

  /** The gates' baselines may have moved (a run recorded, a version promoted): computed again when next asked. */
  forgetGates(folder: string): void {
    this.state(folder).gates = undefined;
  }

  /** Drops the state of folders no longer in the window (their hash caches written first). */
  prune(): void {
    const open = new Set(this.folders());
    for (const [folder, state] of this.states)
      if (!open.has(folder)) {
        saveNow(state);
        this.states.delete(folder);
      }
  }

  /** Writes every hash cache a pass changed and not yet written (when the window closes). */
  flush(): void {
    for (const state of this.states.values()) saveNow(state);
  }

  private state(folder: string): FolderState {
    let state = this.states.get(folder);
    if (!state) {
      const watched = this.watched;
      const inside = (abs: string): boolean => abs.startsWith(folder + path.sep);
      state = {
        again: false,
        ...(watched ? { verified: new VerifiedHashes((abs) => inside(abs) && watched(abs)) } : {}),
      };
      this.states.set(folder, state);
    }
    return state;
  }

  private async compute(folder: string): Promise<WorkspaceStatus> {
    const state = this.state(folder);
    try {
      const ws = this.pipelines(folder);
      state.hashCache ??= HashCache.forWorkspace(ws.root);
      return await workspaceStatus(ws, { verified: state.verified, cache: state.hashCache });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.warn(`pipeline status of ${folder} failed: ${reason}`);
      return { ok: false, reason };
    } finally {
      clearTimeout(state.saveTimer);
      state.saveTimer = setTimeout(() => saveNow(state), SAVE_DELAY_MS);
      state.saveTimer.unref();
    }
  }
}

/**
 * Whether a change at `abs` may add or remove a dvc.yaml or `.dvc` file (a change to one by name is a pipelines
 * change already): a folder appearing (moved in with its files: one event for the folder), one going away that
 * held a known one, or a virtual environment's marker (discovery skips virtual environments).
 */
function mayAddOrRemovePipelines(abs: string, ws: Workspace): boolean {
  if (path.basename(abs) === 'pyvenv.cfg') return true;
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (st) return st.isDirectory();
  return ws.pipelines.some((p) => p.file.startsWith(abs + path.sep));
}

function saveNow(state: FolderState): void {
  clearTimeout(state.saveTimer);
  state.saveTimer = undefined;
  state.hashCache?.save();
}
