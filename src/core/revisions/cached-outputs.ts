// Files of a git revision that git does not hold because DVC caches them (a plot, metric or other output with
// `cache: true`, the default): read from the workspace's DVC cache by the hash that revision's dvc.lock recorded,
// as DVC's `plots diff REV` / `metrics diff REV` read them (its DVCFileSystem over the revision's lock files).
// A file missing from both git and the cache stays missing, and the caller reports it as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPipelines, loadPipeline } from '../pipeline/index';
import { DvcCache } from '../runner/dvc-cache';
import { entryHashName, lockPathFor, parseLock, type LockEntry } from '../runner/lock';
import { WORKSPACE, treeAt, type TreeView } from './git-tree';
import { readBoundedText } from '../bounded-read';

/** The files of `revision` under `root`: the working copy, or git's files with the cached outputs beside them. */
export function revisionFiles(root: string, revision: string): TreeView {
  const tree = treeAt(root, revision);
  return revision === WORKSPACE ? tree : withCachedOutputs(root, tree);
}

/** `tree` (a git revision under `root`) with its cached outputs readable from the workspace's DVC cache. */
export function withCachedOutputs(root: string, tree: TreeView): TreeView {
  let outputs: Map<string, LockEntry> | undefined;
  const cache = DvcCache.find(root);
  const cachedPath = (p: string): string | undefined => {
    if (!cache) return undefined;
    outputs ??= lockedOutputs(root, tree);
    const entry = outputs.get(path.resolve(p));
    if (entry && !entry.md5.endsWith('.dir')) return cache.objectPath(entry.md5, entryHashName(entry));
    // A file inside a cached folder: the folder's listing names its object.
    for (let dir = path.dirname(path.resolve(p)); dir.length >= root.length; dir = path.dirname(dir)) {
      const folder = outputs.get(dir);
      if (!folder?.md5.endsWith('.dir')) continue;
      const listing = readListing(cache.objectPath(folder.md5, entryHashName(folder)));
      const rel = path.relative(dir, path.resolve(p)).split(path.sep).join('/');
      const md5 = listing?.find((e) => e.relpath === rel)?.md5;
      return md5 === undefined ? undefined : cache.objectPath(md5, entryHashName(folder));
    }
    return undefined;
  };
  const readCached = (p: string): Buffer | undefined => {
    const object = cachedPath(p);
    try {
      return object === undefined ? undefined : fs.readFileSync(object);
    } catch {
      return undefined;
    }
  };
  return {
    ...tree,
    readBytes: (p) => tree.readBytes(p) ?? readCached(p),
    readText: (p) => tree.readText(p) ?? readCached(p)?.toString('utf8'),
    stat(p) {
      const found = tree.stat(p);
      if (found) return found;
      const object = cachedPath(p);
      const size = object === undefined ? undefined : fs.statSync(object, { throwIfNoEntry: false })?.size;
      return size === undefined ? undefined : { isFile: true, isDirectory: false, size, mtimeMs: 0 };
    },
  };
}

/** Every output the revision's dvc.lock files record, by absolute path (lock paths are relative to the stage's wdir). */
function lockedOutputs(root: string, tree: TreeView): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>();
  for (const file of findPipelines(root, tree)) {
    const text = tree.readText(lockPathFor(file));
    if (text === undefined) continue;
    const lock = parseLock(text, lockPathFor(file));
    if (!lock.ok) continue;
    const wdirs = new Map(loadPipeline(file, tree).stages.map((s) => [s.name, s.wdir]));
    for (const [name, stage] of Object.entries(lock.lock.stages))
      for (const entry of stage.outs ?? [])
        out.set(path.resolve(path.dirname(file), wdirs.get(name) ?? '.', entry.path), entry);
  }
  return out;
}

function readListing(object: string): { relpath: string; md5: string }[] | undefined {
  const read = readBoundedText(object);
  try {
    const listing = read.ok ? (JSON.parse(read.text) as unknown) : undefined;
    return Array.isArray(listing) ? (listing as { relpath: string; md5: string }[]) : undefined;
  } catch {
    return undefined;
  }
}
