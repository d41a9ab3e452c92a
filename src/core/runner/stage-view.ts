// What the editor shows for a stage, and how many stages of a group are in each state. One vocabulary for the
// Pipeline view, the CodeLens, the graph and the Explorer decorations: the computed status (status.ts, as DVC
// decides it) unless this editor session is running the stage or saw it fail. Groups (a dvc.yaml, a foreach or
// matrix template) are summarised as `7 stages · 5 changed · 2 up to date`, and drawn in their worst state.
import type { StageState } from './status';

/** A stage's state as shown: the pipeline status, or what this session's run is doing with it. */
export type StageView = StageState | 'running' | 'failed';

/** The reason of a run's stage SKIPPED because nothing changed; any other SKIPPED says first why it was not run. */
export const UP_TO_DATE = 'up to date';

/** How a SKIPPED stage of a run reads: `up to date, skipped`, or why it was not run (an import never downloaded). */
export function skippedText(reasons: readonly string[]): string {
  return reasons[0] === UP_TO_DATE ? 'up to date, skipped' : `skipped: ${reasons.join('; ')}`;
}

/** `unknown` = the status is still being computed (or could not be). */
export type ShownState = StageView | 'unknown';

export const stateText: Record<ShownState, string> = {
  'up-to-date': 'up to date',
  changed: 'changed',
  'never-run': 'never run',
  frozen: 'frozen',
  running: 'running',
  failed: 'failed',
  unknown: 'checking…',
};

/**
 * Worst first: what a person must act on (a failure, a run in progress, stale results) before what is settled.
 * Also the order of the counts in a summary.
 */
export const severityOrder: readonly ShownState[] = [
  'failed',
  'running',
  'changed',
  'never-run',
  'unknown',
  'frozen',
  'up-to-date',
];

const rank = new Map(severityOrder.map((s, i) => [s, i]));

export type StateCounts = ReadonlyMap<ShownState, number>;

/** How many of `states` are in each state, in severity order (states with none are left out). */
export function countStates(states: Iterable<ShownState>): StateCounts {
  const counts = new Map<ShownState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return new Map(severityOrder.filter((s) => counts.has(s)).map((s) => [s, counts.get(s) as number]));
}

/** The state a group is drawn in: its worst member's; `unknown` for an empty group. */
export function worstState(counts: StateCounts): ShownState {
  let worst: ShownState = 'unknown';
  let best = Number.POSITIVE_INFINITY;
  for (const s of counts.keys()) {
    const r = rank.get(s) as number;
    if (r < best) [worst, best] = [s, r];
  }
  return worst;
}

/** `7 stages · 5 changed · 2 up to date` (the noun names what is counted: stages, expansions). */
export function countsText(counts: StateCounts, noun: 'stage' | 'expansion' = 'stage'): string {
  let total = 0;
  for (const n of counts.values()) total += n;
  const parts = [`${total} ${noun}${total === 1 ? '' : 's'}`];
  for (const [s, n] of counts) parts.push(`${n} ${stateText[s]}`);
  return parts.join(' · ');
}
