// What a run may be renamed to, checked in one place so the local store, MLflow and the rename box agree.
import { TrackingError } from './errors';

/** MLflow keeps run names in a 250-character column (runs.name); MySQL and PostgreSQL refuse longer ones. */
export const MAX_RUN_NAME_LENGTH = 250;

// Control characters, line/paragraph separators, and bidi embeddings/overrides/isolates: all of them make
// a name print differently from what it is (a line break in a list, text reversed in a tooltip).
const HIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Why `name` cannot name a run, or undefined when it can (the input box shows this as it is typed). */
export function runNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'A run name cannot be empty: type at least one visible character.';
  const hidden = HIDDEN.exec(trimmed);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `A run name cannot hold control or text-direction characters (U+${code} at position ${hidden.index + 1}): type it on one line, without tabs.`;
  }
  const length = [...trimmed].length;
  if (length > MAX_RUN_NAME_LENGTH)
    return `A run name can have at most ${MAX_RUN_NAME_LENGTH} characters (MLflow's limit); this one has ${length}.`;
  return undefined;
}

/** The name to store (trimmed); throws TrackingError 'invalid-argument' saying what is wrong. */
export function checkRunName(name: unknown): string {
  if (typeof name !== 'string')
    throw new TrackingError('invalid-argument', `a run name must be a string, got ${typeof name}`);
  const problem = runNameProblem(name);
  if (problem) throw new TrackingError('invalid-argument', problem);
  return name.trim();
}
