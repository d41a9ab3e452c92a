// What every CLI stream does to text before it leaves the process (credentials redacted, terminal control codes
// made visible: secrets/redact.ts, terminal-text.ts), and how a writer of large output can know that this would
// change nothing, so its bytes can go out as they are. `plots --json` writes megabytes of rows that are almost
// all numbers: scanning them again for secrets and control codes was a tenth of the command. Instead the data
// files are checked as they are read, cheaply: a run of inert characters (below) can hold no secret pattern and
// no control code, and only text holding something else is tested with the streams' own patterns.
import { mayHoldSecret, redactSecrets } from './secrets/redact';
import { hasUnsafe, terminalSafe } from './terminal-text';

/** The text as a CLI stream writes it. */
export function scrub(text: string): string {
  return terminalSafe(redactSecrets(text));
}

/** Whether `scrub` would change the text. */
export function changedByScrub(text: string): boolean {
  return mayHoldSecret(text) || hasUnsafe(text);
}

/**
 * Characters no secret pattern and no unsafe code is made of: printable ASCII but letters (other than `e`/`E`,
 * exponents) and `:`, plus tab, newline and carriage return. Every secret pattern needs `://` or a word of at least
 * three letters other than e; every unsafe code is a control character (other than those three) or at or above
 * DEL. Nor can text of inert runs joined by JSON punctuation (quotes, braces, commas) form one: the secret words
 * are letters only, and `:` is never inert.
 */
const INERT = new Uint8Array(128);
for (let c = 32; c < 127; c++) INERT[c] = /[A-Za-z:]/.test(String.fromCharCode(c)) && c !== 101 && c !== 69 ? 0 : 1;
for (const c of [9, 10, 13]) INERT[c] = 1;

export function isInert(code: number): boolean {
  return code < 128 && INERT[code] === 1;
}

/** Whether `scrub` could change characters [start, end) of `text`: the patterns are tested only if one is not inert. */
export function rangeNeedsScrub(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isInert(text.charCodeAt(i))) return changedByScrub(text.slice(start, end));
  return false;
}
