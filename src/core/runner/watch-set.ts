// The directories whose changes can change `mlops status`: a change to any file a status reads shows up as an
// event on its directory (content, size, mtime, a file appearing or going). Used by the status daemon to know
// when its last answer still holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DvcCache } from './dvc-cache';
import { lockPathFor } from './lock';
import type { Workspace } from './workspace';
import { paramsRequests } from './params';
import { stageWdir } from './status';

export interface WatchSet {
  dirs: string[];
  /**
   * False when a change could escape the watch: a file status reads is a symbolic link, or a tracked folder
   * holds one (the target's changes are not events of the link's folder). Status must then be computed afresh
   * every time.
   */
  complete: boolean;
}

/**
 * `scanned`: the folders pipeline discovery listed (a new dvc.yaml appears in one of them, and dvc.yaml, dvc.lock
 * and most params files live there). Added: every folder inside a tracked dep or out folder, the folder of each
 * tracked file (or of its nearest existing ancestor when missing), the folder of each params file, DVC's `.dvc/`
 * (its config names the cache), cache, and the folders from its repository root down to the workspace. Each with the folders above it up to the workspace root (outside it:
 * up to the folder they share with the root), so that a parent moved away and made again is seen too.
 */
export function watchSet(ws: Workspace, scanned: readonly string[], dvc?: DvcCache): WatchSet {
  const dirs = new Set(scanned);
  let complete = true;
  const link = (abs: string): boolean => statOf(abs, fs.lstatSync)?.isSymbolicLink() === true;
  const folder = (dir: string): void => {
    const existing = existingAncestor(dir);
    for (const d of upTo(existing, ws.root)) dirs.add(d);
  };
  const file = (abs: string): void => {
    if (link(abs)) complete = false;
    folder(path.dirname(abs));
  };
  const track = (abs: string): void => {
    if (!statOf(abs, fs.statSync)?.isDirectory()) return file(abs);
    if (link(abs) || !addTree(abs, dirs)) complete = false;
    folder(path.dirname(abs));
  };
  for (const p of ws.pipelines) {
    file(p.file);
    file(lockPathFor(p.file));
  }
  for (const node of ws.nodes.values()) {
    const wdir = stageWdir(node.pipeline, node.stage);
    for (const dep of node.stage.deps) track(path.resolve(wdir, dep.value));
    for (const out of node.stage.outs) track(path.resolve(wdir, out.path.value));
    for (const req of paramsRequests(node.stage, wdir)) file(req.abs);
  }
  if (dvc) {
    // .dvcignore files from the repository's root down apply here, and `.dvc/` holds the config naming the cache.
    for (let d = ws.root; d !== dvc.repoRoot && path.dirname(d) !== d; d = path.dirname(d)) dirs.add(d);
    dirs.add(dvc.repoRoot);
    folder(path.join(dvc.repoRoot, '.dvc'));
    if (fs.existsSync(dvc.objects)) {
      if (!addTree(dvc.objects, dirs)) complete = false;
    }
    folder(dvc.objects);
  }
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

/** undefined when missing, or unreadable (a file where a folder of the path should be: ENOTDIR). */
function statOf(abs: string, stat: typeof fs.statSync): fs.Stats | undefined {
  try {
    return stat(abs);
  } catch {
    return undefined;
  }
}

function existingAncestor(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/** `dir` and the folders above it, up to `root` included when inside it, else up to the folder they share (excluded). */
function upTo(dir: string, root: string): string[] {
  const inside = dir === root || dir.startsWith(root + path.sep);
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    if (!inside && (root === d || root.startsWith(d.endsWith(path.sep) ? d : d + path.sep))) return out;
    out.push(d);
    if (d === root || path.dirname(d) === d) return out;
  }
}
