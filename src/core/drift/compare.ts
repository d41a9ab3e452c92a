// Reads a reference and a current data file (only the columns the settings name), each on a thread of its
// own, and compares them: what `mlops drift` and the editor's drift panel both start from. The tables are
// returned too, for whoever also draws the distributions.
import { type Table } from './columns';
import { detectDrift, type DriftReport } from './detect';
import { readTableOnThread } from './read-threads';
import type { DriftSettings } from './tests';

export interface DataFile {
  /** Absolute path. */
  path: string;
  /** How reports name it (as the user gave it, or relative to the workspace). */
  label: string;
}

export interface Comparison {
  report: DriftReport;
  reference: Table;
  current: Table;
}

/** Throws DataFileError (a message for people) when a file cannot be read or a named column is absent. */
export async function compareFiles(
  reference: DataFile,
  current: DataFile,
  settings: DriftSettings,
): Promise<Comparison> {
  const wanted = settings.columns ? new Set(settings.columns) : undefined;
  const [ref, cur] = await Promise.all([
    readTableOnThread(reference.path, wanted),
    readTableOnThread(current.path, wanted),
  ]);
  const labelled = { reference: { ...ref, source: reference.label }, current: { ...cur, source: current.label } };
  return { report: detectDrift(labelled.reference, labelled.current, settings), ...labelled };
}
