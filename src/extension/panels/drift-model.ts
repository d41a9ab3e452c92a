// What the drift panel is sent for a comparison (vscode-free, tested): the columns most severe first, each
// with its distributions drawn from the same tables the tests read.
import { bySeverity, type Comparison, distribution, severity } from '../../core/drift';
import type { DriftHostMessage, PersistedDriftPanel } from '../../webview/contract';

export function driftLoad(
  { report, reference, current }: Comparison,
  state: PersistedDriftPanel,
): Extract<DriftHostMessage, { type: 'load' }> {
  const refColumns = new Map(reference.columns.map((c) => [c.name, c]));
  const curColumns = new Map(current.columns.map((c) => [c.name, c]));
  const { columns, ...summary } = report;
  return {
    type: 'load',
    summary,
    state,
    columns: bySeverity(columns).map((result) => ({
      result,
      severity: severity(result),
      distribution: distribution(refColumns.get(result.name)!, curColumns.get(result.name)!, result),
    })),
  };
}
