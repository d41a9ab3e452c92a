// The directories whose changes can change `mlops status`: a change to any file a status reads shows up as an
// event on its directory (content, size, mtime, a file appearing or going). Used by the status daemon to know
// when its last answer still holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from './workspace';
import { paramsRequests } from './params';
import { stageWdir } from './status';

export interface WatchSet {
  dirs: string[];
  /**
   * False when a change could escape the watch: a tracked folder holds a symbolic link (its target's changes
   * are not events of the folder). Status must then be computed afresh every time.
   */
  complete: boolean;
}

/**
 * `scanned`: the folders pipeline discovery listed (a new dvc.yaml appears in one of them, and dvc.yaml, dvc.lock
 * and most params files live there). Added: every folder inside a tracked dep or out folder, the folder of each
 * tracked file (or of its nearest existing ancestor when missing), the folder of each params file, and DVC's cache.
 */
export function watchSet(ws: Workspace, scanned: readonly string[], dvcCacheDir?: string): WatchSet {
  const dirs = new Set(scanned);
  let complete = true;
  const track = (abs: string): void => {
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      if (!addTree(abs, dirs)) complete = false;
    } else {
      dirs.add(existingAncestor(path.dirname(abs)));
    }
  };
  for (const node of ws.nodes.values()) {
    const wdir = stageWdir(node.pipeline, node.stage);
    for (const dep of node.stage.deps) track(path.resolve(wdir, dep.value));
    for (const out of node.stage.outs) track(path.resolve(wdir, out.path.value));
    for (const req of paramsRequests(node.stage, wdir)) dirs.add(existingAncestor(path.dirname(req.abs)));
  }
  if (dvcCacheDir && fs.existsSync(dvcCacheDir) && !addTree(dvcCacheDir, dirs)) complete = false;
  return { dirs: [...dirs].sort(), complete };
}

/** Adds dir and every folder below it; false when a symbolic link was met. */
function addTree(dir: string, into: Set<string>): boolean {
  let clean = true;
  const walk = (abs: string): void => {
    into.add(abs);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(`${abs}${path.sep}${e.name}`);
      else if (e.isSymbolicLink()) clean = false;
    }
  };
  walk(dir);
  return clean;
}

function existingAncestor(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}
