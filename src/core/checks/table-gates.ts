// The Experiments table's gate column: the quality gate of every finished experiment row — its committed metrics
// the candidate, its tracked run (if ours) never its own `best` — as the badge its cell shows (run-gate.ts's
// gateBadge, so the table, `mlops check` and the run notification say the same). The rules are read once and each
// baseline resolved once for all rows (baselines.ts's source): a table of 10,000 experiments asks the registry,
// git and the store what one `mlops check` asks, not 10,000 times. Rows still queued, running or failed have no
// gate; neither does any row when .mlops.json has no "checks" (the column is then not shown).
import type { ExpRow } from '../experiments/table-rows';
import { projectBlock } from '../project-config';
import { baselineSource } from './baselines';
import { evaluateChecks } from './evaluate';
import { parseCheckRules } from './rules';
import { type GateBadge, type GateContext, gateBadge } from './run-gate';

/** Row id → badge; a row without a gate is absent. */
export type TableGates = Record<string, GateBadge>;

export async function tableGates(
  rows: readonly ExpRow[],
  ctx: Omit<GateContext, 'against' | 'experiment'> & { experiment: string },
): Promise<TableGates> {
  const finished = rows.filter(
    (r): r is Extract<ExpRow, { kind: 'experiment' }> => r.kind === 'experiment' && r.status === 'success',
  );
  if (finished.length === 0) return {};
  const rules = projectBlock(ctx.cwd, 'checks', parseCheckRules);
  const gates: TableGates = {};
  if (!rules.ok) {
    for (const r of finished) gates[r.id] = gateBadge({ state: 'error', message: rules.message });
    return gates;
  }
  if (rules.value.length === 0) return {};
  const source = baselineSource(ctx);
  for (const r of finished) {
    const candidate = { label: `experiment ${r.name}`, metrics: r.metrics };
    gates[r.id] = await evaluateChecks(rules.value, candidate, source(r.run ?? undefined)).then(
      (report) => gateBadge({ state: 'checked', report }),
      // A backend that failed (registry, store): no verdict, the reason in the tooltip.
      (err: unknown) => gateBadge({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  }
  return gates;
}
