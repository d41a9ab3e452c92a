// Data tracked with `dvc add`: each output a `.dvc` file records (a path beside the file) and what `dvc status` says
// of it (modified, deleted, not in cache, or nothing). The editor shows these on the files themselves (the
// Explorer). Nothing is decided here: a `.dvc` file is a stage whose status status.ts decides against the hashes the
// file records (data-source.ts), output by output; the tracked data is those outputs, named by their `.dvc` file.
import type { EntryState, StageStatus } from './status';

/** What `dvc status` says of a tracked output (`up-to-date` where it says nothing). */
export type TrackedState = EntryState;

export interface TrackedStatus {
  /** The `.dvc` file that records it (absolute). */
  dvcFile: string;
  /** The path as written (relative to the `.dvc` file's folder). */
  path: string;
  /** Absolute, the platform's separators. */
  abs: string;
  state: TrackedState;
}

/** Each output of the `.dvc` files among `stages` with its state, in file order. */
export function trackedOutputs(stages: readonly StageStatus[], dvcFiles: readonly string[]): TrackedStatus[] {
  const isDvcFile = new Set(dvcFiles);
  return stages.filter((s) => isDvcFile.has(s.file)).flatMap((s) => s.outs.map((o) => ({ dvcFile: s.file, ...o })));
}
