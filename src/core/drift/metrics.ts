// The metrics file `mlops drift --metrics-out` writes, so a pipeline stage running the check tracks drift
// over time like any other metric (DVC metrics, the run's metrics, alerts on `drift_share`): the dataset
// verdict plus each tested column's decisive score (a p-value for KS/chi-square, else the distance).
import { type DriftReport, decisive } from './detect';

export interface DriftMetrics {
  drift_share: number;
  /** 1 when the dataset drifted, else 0 (metrics are numbers). */
  drift_detected: 0 | 1;
  drifted_columns: number;
  tested_columns: number;
  columns: Record<string, number>;
}

export function driftMetrics(report: DriftReport): DriftMetrics {
  const columns: Record<string, number> = {};
  let tested = 0;
  let drifted = 0;
  for (const column of report.columns) {
    if (column.type === 'empty') continue;
    tested++;
    if (column.drift) drifted++;
    const test = decisive(column);
    columns[column.name] = test.pvalue ?? test.statistic;
  }
  return {
    drift_share: report.share,
    drift_detected: report.drift ? 1 : 0,
    drifted_columns: drifted,
    tested_columns: tested,
    columns,
  };
}
