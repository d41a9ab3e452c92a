// One gitignore-style pattern as DVC 3 compiles it: pathspec 1.x `GitIgnoreSpecPattern.pattern_to_regex`, turned
// into a JavaScript RegExp that matches exactly the paths Python's `re.match` does. DVC relies on pathspec's
// quirks (e.g. `*/` and `**/` match nothing, because DVC calls `match` on the regex alone), so this follows
// pathspec step by step rather than any other gitignore library.

export interface CompiledPattern {
  /** Anchored at the start, as Python's `re.match`; tested against posix paths relative to the patterns' folder. */
  regex: RegExp;
  /** false for a `!` pattern (re-includes what it matches). */
  ignore: boolean;
}

/** A pattern DVC refuses (it stops with this error); `message` says which pattern and why. */
export class InvalidPatternError extends Error {}

/** Characters Python's `str.isspace()` accepts: what `str.strip()` removes. */
const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`, 'u');
const PY_TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`, 'u');

/** Python's `str.strip()` (JavaScript's `trim` strips another set, e.g. a byte order mark). */
export function pyStrip(s: string): string {
  return s.replace(PY_LEADING_SPACE, '').replace(PY_TRAILING_SPACE, '');
}

// Python's `.` never matches a newline (JavaScript's never matches \r, \u2028 or \u2029 either); Python's `$`
// matches at the end or before a final newline.
const ANY = '[^\\n]';
const END = '(?=\\n?$)';

/** The pattern compiled, or undefined when pathspec makes it a no-op (blank, comment, `/`, bad range `[a-`). */
export function compilePattern(pattern: string): CompiledPattern | undefined {
  let text = pattern.endsWith('\\ ') ? pattern : pattern.replace(PY_TRAILING_SPACE, '');
  if (text === '' || text.startsWith('#') || text === '/') return undefined;
  const ignore = !text.startsWith('!');
  if (!ignore) text = text.slice(1);
  const segs = text.split('/');
  const isDirPattern = segs[segs.length - 1] === '';
  const source = normalizedRegex(segs, isDirPattern, pattern) ?? translateSegments(segs, pattern);
  if (source === undefined) return undefined;
  try {
    return { regex: new RegExp(`^(?:${source})`, 'u'), ignore };
  } catch (e) {
    throw new InvalidPatternError(`invalid pattern '${pattern}': ${(e as Error).message}`);
  }
}

/**
 * pathspec's segment normalisation (in place): anchoring, the implied leading `**`, the trailing `/` as `**`.
 * Returns the whole regex for the patterns pathspec special-cases, else undefined (translate `segs`).
 */
function normalizedRegex(segs: string[], isDirPattern: boolean, pattern: string): string | undefined {
  if (segs[0] === '') segs.shift();
  else if ((segs.length === 1 || (segs.length === 2 && segs[1] === '')) && segs[0] !== '**') segs.unshift('**');
  if (segs.length === 0) throw new InvalidPatternError(`invalid pattern '${pattern}': it matches nothing`);
  if (segs[segs.length - 1] === '') segs[segs.length - 1] = '**';
  for (let i = segs.length - 1; i > 0; i--) if (segs[i - 1] === '**' && segs[i] === '**') segs.splice(i, 1);
  const [a, b, c] = segs;
  // A leading `/` here would need a path starting with one: never, as DVC tests it (the `*/` and `**/` quirk).
  if (segs.length === 1 && a === '**') return isDirPattern ? '/' : ANY;
  if (segs.length === 2 && a === '**' && b === '*') return ANY;
  if (segs.length === 3 && a === '**' && b === '*' && c === '**') return '/';
  return undefined;
}

/** The regex of normalised segments; undefined when a segment has a bad range (pathspec drops such a pattern). */
function translateSegments(segs: readonly string[], pattern: string): string | undefined {
  let out = '';
  let needSlash = false;
  const end = segs.length - 1;
  for (let i = 0; i <= end; i++) {
    const seg = segs[i] as string;
    if (seg === '**') {
      if (i === 0) out += `^(?:${ANY}+/)?`;
      else if (i < end) {
        out += `(?:/${ANY}+)?`;
        needSlash = true;
      } else out += '/'; // pathspec's directory marker for `dir/`; a plain `/` for `dir/**`: the same match.
      continue;
    }
    if (i === 0) out += '^';
    if (needSlash) out += '/';
    const glob = seg === '*' ? '[^/]+' : translateGlob(seg, pattern);
    if (glob === undefined) return undefined;
    out += glob;
    if (i === end) out += `(?:/|${END})`;
    needSlash = true;
  }
  return out;
}

/** One segment's glob (fnmatch with FNM_PATHNAME); undefined on an unclosed `[`. */
function translateGlob(glob: string, pattern: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i++] as string;
    if (ch === '\\') {
      if (i >= glob.length)
        throw new InvalidPatternError(`invalid pattern '${pattern}': it ends with an escaping backslash`);
      out += escapeRegex(glob[i++] as string);
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      let j = i;
      if (glob[j] === '!' || glob[j] === '^') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) return undefined;
      let body = glob.slice(i, j);
      let negate = '';
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = '^';
        body = body.slice(1);
      }
      // Backslashes are literal in a pathspec range; a `]` first in it is literal in Python but closes it in JS.
      body = body.replace(/\\/g, '\\\\').replace(/^\]/, '\\]');
      out += `[${negate}${body}]`;
      i = j + 1;
    } else out += escapeRegex(ch);
  }
  return out;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
