// Data drift between a reference and a current data file: readers, the statistics (each exactly as its
// scipy reference computes it), per-column verdicts and the dataset verdict.
export { type Column, DataFileError, type Table } from './columns';
export {
  bySeverity,
  type ColumnResult,
  decisive,
  detectDrift,
  type DriftReport,
  severity,
  type TestResult,
} from './detect';
export { DATA_EXTENSIONS, readTable } from './read';
export { parseDriftSettings } from './settings';
export { DEFAULT_DRIFT_SETTINGS, type DriftSettings, type TestName } from './tests';
export { type DriftMetrics, driftMetrics } from './metrics';
export { compareFiles, type Comparison, type DataFile } from './compare';
export { distribution, type Distribution, HISTOGRAM_BINS, SHOWN_CATEGORIES } from './distributions';
