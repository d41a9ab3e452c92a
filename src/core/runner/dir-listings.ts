// The folder listings of one read-only pass over a workspace (one `mlops status`): pipeline discovery lists every
// folder to find dvc.yaml and `.dvc` files, and hashing lists the tracked folders again to check their files'
// signatures — on a data folder of 20,000 files, the same 20,000 entries twice. Shared, each folder is read once.
// A listing is as old as the pass (as DVC's own walk of a pass is): never keep one across a change the pass makes
// itself, such as a run writing outputs — make a new one per pass.
import * as fs from 'node:fs';

export class DirListings {
  private readonly listed = new Map<string, fs.Dirent[]>();

  /** The entries of `dir`, read on first use; throws as readdirSync does when it cannot be listed. */
  entries(dir: string): fs.Dirent[] {
    let entries = this.listed.get(dir);
    if (!entries) {
      entries = fs.readdirSync(dir, { withFileTypes: true });
      this.listed.set(dir, entries);
    }
    return entries;
  }

  /** As entries, undefined when `dir` cannot be listed (not a folder, gone, not allowed). */
  tryEntries(dir: string): fs.Dirent[] | undefined {
    try {
      return this.entries(dir);
    } catch {
      return undefined;
    }
  }
}
