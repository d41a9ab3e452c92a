// The folder a queued or --temp experiment runs in, so the working copy never changes while it runs. Like
// DVC's tempdir executor (dvc/repo/experiments/executor/local.py, TempDirExecutor): the workspace snapshot
// (baseline + the user's uncommitted changes) checked out from git into `.dvc/tmp/exps/…` — inside `.dvc/`,
// so no pipeline search ever walks into it — with `.dvc/config.local` pointing at the repository's own
// cache, and every cached output and `.dvc`-tracked file the snapshot's locks name linked from that cache
// (see DvcCache.link: reflink, else hard link, never a copy when a link serves) once the caller has written its
// params and loaded its pipelines (linkOutputs); a linked data folder kept from an earlier experiment is taken
// instead when one still holds exactly those links (kept-folders.ts), and this one's goes back there at its end.
// Without `.dvc/` it lives under `.mlops/exps/` and only git-held files are there. Its hashes stay in memory: the
// folder goes when the experiment ends.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markEphemeral } from '../atomic-file';
import { git, withTempIndex } from '../git';
import { mlopsFolder } from '../mlops-folder';
import { checkoutOutputs, type Placed } from '../runner/checkout';
import { DvcCache } from '../runner/dvc-cache';
import { HashCache } from '../runner/hash-cache';
import { dropKeptFolders, KeptFolders } from './kept-folders';
import type { Workspace } from '../runner/workspace';

export interface IsolatedWorkspace {
  /** Laid out as the repository's top folder. */
  dir: string;
  /** The DVC workspace inside it (where dvc.yaml is), matching the original's place in the repository. */
  root: string;
  /** The workspace's hashes, in memory only (the folder is gone when the experiment ends). */
  hashes: HashCache;
  /**
   * Puts the cached outputs and `.dvc`-tracked data the pipelines' locks name in place, linked from the cache
   * (nothing without `.dvc/`), each file's hash taught to `hashes`.
   */
  linkOutputs(ws: Workspace): Placed | undefined;
  dispose(): void;
}

export interface IsolationRequest {
  gitRoot: string;
  dvcRoot: string;
  /** Commit holding the snapshot to run. */
  snapshot: string;
  /** Unique per experiment: names the folder. */
  id: string;
}

/** Where experiment `id` of the workspace runs. */
export function isolatedDir(dvcRoot: string, id: string): string {
  return path.join(experimentsDir(dvcRoot), `mlops-${id}`);
}

/** The folder isolated workspaces are made in: DVC's own for its experiments, else ours. */
function experimentsDir(dvcRoot: string): string {
  const cache = DvcCache.find(dvcRoot);
  return cache ? path.join(cache.repoRoot, '.dvc', 'tmp', 'exps') : mlopsFolder(dvcRoot, 'exps');
}

/** Deletes the linked data folders kept for the workspace's next experiments (kept-folders.ts). */
export function dropKept(dvcRoot: string): void {
  dropKeptFolders(experimentsDir(dvcRoot));
}

export async function prepareIsolated(req: IsolationRequest): Promise<IsolatedWorkspace> {
  const cache = DvcCache.find(req.dvcRoot);
  const dir = isolatedDir(req.dvcRoot, req.id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const kept = cache && new KeptFolders(path.dirname(dir), req.id, deleteTrash);
  const hashes = HashCache.inMemory();
  // Nothing written in it is kept (what the experiment makes is committed or saved to the cache from it).
  const durableAgain = markEphemeral(dir);
  const dispose = (): void => {
    durableAgain();
    // Once its linked data went back to the keep folder, what is left is what git and the stages wrote: deleted
    // here, without starting a process for it.
    if (kept?.keepUnchanged(hashes)) fs.rmSync(dir, { recursive: true, force: true });
    else removeAside(dir);
  };
  try {
    await withTempIndex(async (index) => {
      await git(req.gitRoot, ['read-tree', req.snapshot], { index });
      await git(req.gitRoot, ['checkout-index', '--all', '--force', `--prefix=${dir}${path.sep}`], { index });
    });
    const root = path.join(dir, path.relative(req.gitRoot, req.dvcRoot));
    if (!cache || !kept) return { dir, root, hashes, linkOutputs: () => undefined, dispose };
    const dvcDir = path.join(dir, path.relative(req.gitRoot, cache.repoRoot), '.dvc');
    fs.mkdirSync(dvcDir, { recursive: true });
    // config.local wins over config: the experiment reads and writes the repository's own cache.
    fs.writeFileSync(path.join(dvcDir, 'config.local'), `[cache]\n    dir = ${cache.dir}\n`);
    // The same cache seen from the workspace (its repository root is the workspace's), as the run there finds it.
    const own = DvcCache.find(root) as DvcCache;
    return { dir, root, hashes, linkOutputs: (ws) => checkoutOutputs(ws, own, 'link', hashes, kept), dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * Takes a finished workspace out of the experiment's way: renamed aside at once (its name is free again), deleted
 * by a detached process (deleteTrash).
 */
function removeAside(dir: string): void {
  const parent = path.dirname(dir);
  try {
    fs.renameSync(dir, path.join(parent, `trash-${path.basename(dir)}`));
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  deleteTrash(parent);
}

/**
 * Deletes the `trash-*` folders of `parent` in a detached process — 20,000 links take the kernel about a second to
 * remove, which the experiment, its queue slot and `exp run --temp` need not wait for —, here when no process can
 * be started. Those of a machine that stopped before are deleted with them.
 */
function deleteTrash(parent: string): void {
  const trash = fs
    .readdirSync(parent)
    .filter((n) => n.startsWith('trash-'))
    .map((n) => path.join(parent, n));
  const here = (): void => {
    for (const d of trash) fs.rmSync(d, { recursive: true, force: true });
  };
  try {
    const child = spawn(
      process.execPath,
      [
        '-e',
        'for (const d of process.argv.slice(1)) require("fs").rmSync(d, { recursive: true, force: true })',
        ...trash,
      ],
      { detached: true, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    child.on('error', here);
    child.unref();
  } catch {
    here();
  }
}
