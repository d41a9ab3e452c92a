// Character-level reading for the fast YAML path (fast-yaml.ts): the characters it tests, what may start a plain
// scalar, and one-line quoted scalars. Anything unusual gives up (`bail`) and the yaml package reads the text.
import type { Scalar } from 'yaml';
import { scalar } from './yaml-nodes';

/** Thrown to give up: the caller falls back to the yaml package. */
export class Bail extends Error {}
export const bail = (): never => {
  throw new Bail();
};

// Character codes read here (fast-yaml.ts keeps its own: imported bindings cost a property read each use).
const LF = 10;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const COLON = 58;
const SQUOTE = 39;
const BACKSLASH = 92;

// Characters that cannot start a plain scalar here (or start something the fast path does not handle).
const UNSAFE_START = new Uint8Array(128);
for (const c of '&*!|>%@`?#<]},:') UNSAFE_START[c.charCodeAt(0)] = 1;
export const unsafeStart = (c: number): boolean => UNSAFE_START[c] === 1;

/**
 * Whitespace other than a space that String#trimEnd would strip (the text holds no tab or CR here). The yaml
 * package keeps it in a plain scalar: the fast path leaves such text to it.
 */
export const oddSpace = (c: number): boolean =>
  c === 11 || c === 12 || (c >= 0x80 && /\s/.test(String.fromCharCode(c)));

/**
 * Where the text of a plain scalar's continuation line (`at` to `lineEnd`, no leading space) ends, trailing spaces
 * left out; bails on what would end the scalar or make it an error there (` #`, `: `, a final `:`) and on odd
 * whitespace at either end, which the yaml package folds by rules of its own.
 */
export function continuationEnd(t: string, at: number, lineEnd: number): number {
  for (let j = at; j < lineEnd; j++) {
    const ch = t.charCodeAt(j);
    if (ch === HASH && t.charCodeAt(j - 1) === SPACE) bail();
    if (ch === COLON && (j + 1 === lineEnd || t.charCodeAt(j + 1) === SPACE)) bail();
  }
  let stop = lineEnd;
  while (t.charCodeAt(stop - 1) === SPACE) stop--;
  if (oddSpace(t.charCodeAt(at)) || oddSpace(t.charCodeAt(stop - 1))) bail();
  return stop;
}

// Escapes of one-line double-quoted scalars the fast path decodes (others go to the yaml package).
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  '"': '"',
  '\\': '\\',
  '/': '/',
  ' ': ' ',
  '0': '\0',
  r: '\r',
};

/** Offset just after the closing quote of the quoted scalar at `at` (on one line), or bails. */
export function quotedEnd(t: string, at: number): number {
  const q = t.charCodeAt(at);
  for (let i = at + 1; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    if (ch === LF) bail(); // (no CR or tab reaches the fast path)
    if (q === DQUOTE && ch === BACKSLASH) {
      i++;
      continue;
    }
    if (ch === q) {
      if (q === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return bail();
}

/** The quoted scalar from `at` to just after its closing quote (`close`), as the yaml package builds it. */
export function quoted(t: string, at: number, close: number): Scalar {
  const body = t.slice(at + 1, close - 1);
  const single = t.charCodeAt(at) === SQUOTE;
  let value: string;
  if (single) value = body.includes("''") ? body.replace(/''/g, "'") : body;
  else if (!body.includes('\\')) value = body;
  else value = body.replace(/\\(.)/g, (_m, e: string) => ESCAPES[e] ?? bail());
  return scalar(value, [at, close, close], single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', value);
}
