// Python source split into logical lines of tokens, for params-python.ts: names, numbers, strings (with their
// escapes decoded, as Python's tokenizer does), operators; brackets join physical lines, comments and
// continuation backslashes are dropped, and each logical line keeps its indent. Errors carry the offsets.
type TokKind = 'name' | 'number' | 'string' | 'op';
export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  /** For strings: the decoded value; undefined for f-strings (not literals). */
  value?: string;
}
export interface Line {
  indent: number;
  toks: Tok[];
}

export class PySyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const OPS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];
const STRING_START = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/;

function decodeEscapes(s: string): string {
  return s.replace(
    /\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/g,
    (_m, e: string) => {
      const simple: Record<string, string> = {
        '\\': '\\',
        "'": "'",
        '"': '"',
        a: '\x07',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
        v: '\v',
      };
      if (e.startsWith('\n') || e.startsWith('\r')) return '';
      if (e in simple) return simple[e] as string;
      if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
      return String.fromCharCode(parseInt(e, 8));
    },
  );
}

/** Splits the source into logical lines of tokens (brackets and `\` join physical lines; comments dropped). */
/** CPython's MAXLEVEL: the most brackets open at once. */
const PY_MAX_NESTING = 200;

export function tokenize(src: string): Line[] {
  const lines: Line[] = [];
  let toks: Tok[] = [];
  let depth = 0;
  let lineStart = 0;
  let i = 0;
  const flush = () => {
    if (toks.length > 0) {
      const first = toks[0] as Tok;
      lines.push({ indent: first.start - lineStart, toks });
    }
    toks = [];
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\n') {
      i++;
      if (depth === 0) {
        flush();
        lineStart = i;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    const rest = src.slice(i, i + 5);
    const sm = STRING_START.exec(rest);
    if (sm) {
      const prefix = sm[0].replace(/['"]+$/, '');
      const quote = sm[0].slice(prefix.length);
      const bodyStart = i + sm[0].length;
      let j = bodyStart;
      let closed = -1;
      while (j < src.length) {
        if (src[j] === '\\') j += 2;
        else if (src.startsWith(quote, j)) {
          closed = j;
          break;
        } else if (quote.length === 1 && src[j] === '\n') break;
        else j++;
      }
      if (closed < 0) throw new PySyntaxError('unterminated string literal', i, Math.min(j, src.length));
      const body = src.slice(bodyStart, closed);
      const raw = /[rR]/.test(prefix);
      const tok: Tok = {
        kind: 'string',
        text: src.slice(i, closed + quote.length),
        start: i,
        end: closed + quote.length,
      };
      if (!/[fF]/.test(prefix)) tok.value = raw ? body : decodeEscapes(body);
      toks.push(tok);
      i = tok.end;
      continue;
    }
    const num =
      /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/.exec(
        src.slice(i, i + 64),
      );
    if (num && /[\d.]/.test(c) && num[0] !== '.') {
      toks.push({ kind: 'number', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(src.slice(i, i + 256));
    if (name) {
      toks.push({ kind: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
    if (!'()[]{}:;,.=+-*/%@<>&|^~!'.includes(op[0] as string))
      throw new PySyntaxError(`invalid character '${c}'`, i, i + 1);
    // CPython's tokenizer stops at MAXLEVEL (200) open brackets, so DVC cannot read a deeper file either; the
    // limit also keeps our recursive literal parser far from the stack's end.
    if ('([{'.includes(op) && ++depth > PY_MAX_NESTING)
      throw new PySyntaxError('too many nested parentheses', i, i + 1);
    if (')]}'.includes(op)) {
      if (depth === 0) throw new PySyntaxError(`unmatched '${op}'`, i, i + 1);
      depth--;
    }
    toks.push({ kind: 'op', text: op, start: i, end: i + op.length });
    i += op.length;
  }
  if (depth > 0) throw new PySyntaxError("'(' was never closed", src.length, src.length);
  flush();
  return lines;
}

/** Not a Python literal: the assignment is skipped, as DVC skips it. */
