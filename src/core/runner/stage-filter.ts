// The Pipeline view's filter: what a person types to find stages in a pipeline of thousands — words of a stage's
// address (`ml-100k`, `train`), `status:changed` (several statuses: any of them), `file:data/dvc.yaml` (part of the
// dvc.yaml's path). Case-insensitive; every word must match. Pure, so the view, the graph's search and the tests
// agree on what matches.
import type { StageRef } from '../pipeline/stage-groups';
import { stateText, type ShownState } from './stage-view';

export interface StageFilter {
  /** The text as typed, trimmed: what the view's title shows. */
  text: string;
  words: string[];
  files: string[];
  /** Empty = any status. */
  states: ShownState[];
}

export type ParsedFilter = { filter: StageFilter; error?: undefined } | { filter?: undefined; error: string };

/** What can be asked for by name; `status:unknown` also finds stages still being checked. */
const states = (Object.keys(stateText) as ShownState[]).filter((s) => s !== 'unknown');
const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

export function parseStageFilter(text: string): ParsedFilter {
  const filter: StageFilter = { text: text.trim(), words: [], files: [], states: [] };
  for (const token of filter.text.split(/\s+/).filter((t) => t !== '')) {
    const m = /^(status|file):(.*)$/i.exec(token);
    if (!m) {
      filter.words.push(token.toLowerCase());
      continue;
    }
    const [, field, value] = m as unknown as [string, string, string];
    if (value === '')
      return { error: `"${token}" names no ${field.toLowerCase()}: write ${field.toLowerCase()}:<value>.` };
    if (field.toLowerCase() === 'file') {
      filter.files.push(value.toLowerCase());
      continue;
    }
    // `changed`, `up-to-date`, `uptodate`, `never_run`, or a prefix of one (`status:ch`).
    const wanted = squash(value);
    const matching: ShownState[] =
      wanted === 'unknown'
        ? ['unknown']
        : states.filter((s) => squash(s) === wanted || squash(stateText[s]).startsWith(wanted));
    if (matching.length === 0)
      return {
        error: `Unknown status "${value}": use one of ${states.join(', ')}.`,
      };
    filter.states.push(...matching);
  }
  return { filter };
}

export function isEmptyFilter(filter: StageFilter): boolean {
  return filter.words.length === 0 && filter.files.length === 0 && filter.states.length === 0;
}

export function matchesFilter(filter: StageFilter, stage: StageRef, state: ShownState): boolean {
  if (filter.states.length > 0 && !filter.states.includes(state)) return false;
  const file = stage.file.toLowerCase();
  if (!filter.files.every((f) => file.includes(f))) return false;
  const id = stage.id.toLowerCase();
  return filter.words.every((w) => id.includes(w));
}
