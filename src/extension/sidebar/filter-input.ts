// What people type in the Experiments filter box → a RunFilter. MLflow's syntax works as is
// (`metrics.acc > 0.9 and params.lr = '0.1'`); bare keys mean metrics (`accuracy > 0.9`); anything
// that is not a condition searches run names. Pure, unit-tested.
import { parseRunFilter } from '../../core/tracking/filter';
import type { RunFilter } from '../../core/tracking/types';

const reserved = /^(metrics|params|tags|attributes?|status|name|run_name)\b/i;

/** `accuracy > 0.9 and loss < 1` → `metrics.accuracy > 0.9 and metrics.loss < 1`. */
function qualifyBareKeys(text: string): string {
  return text.replace(
    /(^|\band\s+)([A-Za-z_][\w./-]*)(\s*(?:>=|<=|!=|=|>|<))/gi,
    (whole, lead: string, key: string, op: string) => (reserved.test(key) ? whole : `${lead}metrics.${key}${op}`),
  );
}

export type FilterInput = { filter: RunFilter; error?: undefined } | { filter?: undefined; error: string };

export function parseFilterInput(text: string): FilterInput {
  const trimmed = text.trim();
  if (trimmed === '') return { filter: {} };
  try {
    return { filter: parseRunFilter(qualifyBareKeys(trimmed)) };
  } catch (err) {
    if (/[<>=]/.test(trimmed)) return { error: err instanceof Error ? err.message : String(err) };
    return { filter: { text: trimmed } };
  }
}
