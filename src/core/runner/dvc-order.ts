// The order DVC lists a repository's stages in (`dvc status`, `dvc status -R`): it collects the pipeline files by
// walking the repository top-down with os.walk (dvc/repo/index.py collect_files), which takes each folder's entries
// in the order the file system returns them (readdir, unsorted: neither alphabetical nor dvc.yaml first) and a
// folder's files before its subfolders; each file's stages follow in the order written. Node's readdir sorts its
// answer, so the folders on the way to a pipeline file are read here with opendir, which keeps the file system's
// order. Only those folders are read, once each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from './workspace';

const ranks = new WeakMap<Workspace, ReadonlyMap<string, number>>();

/** Each stage id of `ws` → its place in DVC's listing (0 first); memoized per workspace. */
export function dvcListingRank(ws: Workspace): ReadonlyMap<string, number> {
  let rank = ranks.get(ws);
  if (rank) return rank;
  const place = new Map(
    dvcWalkOrder(
      ws.root,
      ws.pipelines.map((p) => p.file),
    ).map((f, i) => [f, i]),
  );
  // Stable: within a file, the workspace's order, which is the order written.
  const ids = [...ws.nodes.values()]
    .map((n, i) => ({ id: n.id, file: place.get(n.pipeline.file) ?? 0, i }))
    .sort((a, b) => a.file - b.file || a.i - b.i);
  rank = new Map(ids.map((n, i) => [n.id, i]));
  ranks.set(ws, rank);
  return rank;
}

/** Files under `root` on disk in the order os.walk reaches them (ties, such as unreadable folders, keep theirs). */
export function dvcWalkOrder(root: string, files: readonly string[]): string[] {
  const listing = new FolderOrder();
  const keys = new Map(files.map((f) => [f, listing.walkKey(root, f)]));
  return [...files].sort((a, b) => compareKeys(keys.get(a) as number[], keys.get(b) as number[]));
}

/** Where a file comes in os.walk of the workspace, as one number pair per level: (0 file | 1 folder, readdir place). */
class FolderOrder {
  private readonly places = new Map<string, Map<string, number>>();

  walkKey(root: string, file: string): number[] {
    const parts = path.relative(root, file).split(path.sep);
    const key: number[] = [];
    let dir = root;
    parts.forEach((name, i) => {
      key.push(i === parts.length - 1 ? 0 : 1, this.place(dir, name));
      dir = path.join(dir, name);
    });
    return key;
  }

  private place(dir: string, name: string): number {
    let places = this.places.get(dir);
    if (!places) {
      places = new Map();
      try {
        const d = fs.opendirSync(dir);
        try {
          for (let e = d.readSync(); e; e = d.readSync()) places.set(e.name, places.size);
        } finally {
          d.closeSync();
        }
      } catch {
        // Unreadable: its entries keep the sorted order they were found in (equal places, a stable sort).
      }
      this.places.set(dir, places);
    }
    return places.get(name) ?? Number.MAX_SAFE_INTEGER;
  }
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
