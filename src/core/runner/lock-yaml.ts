// YAML text exactly as DVC writes dvc.lock: DVC dumps with ruamel.yaml's defaults (dvc/utils/serialize/_yaml.py),
// so a stage entry we write must come out as ruamel.yaml's emitter would write it, or alternating `dvc repro` and
// `mlops run` rewrites lines nobody changed. That layout is: block style; two spaces per level; a list under a key
// at the key's own indent (`deps:` then `- path: …`); long plain and quoted scalars folded at 80 columns onto
// lines indented two past their key or dash (ruamel.yaml emitter.py write_plain / write_single_quoted /
// write_double_quoted, which leave a space at the end of a folded plain line); a string written plain unless
// YAML 1.2 would read it back as something else (`'3.0'`, `''`) or its characters forbid it, then single-quoted,
// or double-quoted when it holds `'` or a line break; floats as Python's repr; null as nothing; empty lists and
// mappings as `[]` and `{}`.
import { PyFloat, pyFloat } from '../pipeline/py-value';

const WIDTH = 80;

/** YAML 1.2 plain scalars that would not read back as a string (ruamel.yaml resolver.py, version 1.2 rows). */
const NOT_A_STRING = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9][0-9]-[0-9][0-9]|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

const BREAKS = '\n\x85\u2028\u2029';
const WHITESPACE = `\0 \t\r${BREAKS}`;

interface Analysis {
  empty: boolean;
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
}

/** Which styles a string allows (emitter.py analyze_scalar, block context, unicode allowed). */
function analyze(s: string): Analysis {
  if (s === '') return { empty: true, multiline: false, blockPlain: true, singleQuoted: true };
  let indicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let trailingSpace = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const followedByWhitespace = i + 1 >= chars.length || WHITESPACE.includes(chars[i + 1] as string);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      if ('?:'.includes(ch) && followedByWhitespace) indicators = true;
      if (ch === '-' && followedByWhitespace) indicators = true;
    } else if ((ch === ':' && followedByWhitespace) || (ch === '#' && precededByWhitespace)) indicators = true;
    if (BREAKS.includes(ch)) lineBreaks = true;
    const code = ch.codePointAt(0) as number;
    if (!(ch === '\n' || (code >= 0x20 && code <= 0x7e))) {
      const printable =
        (code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000) &&
        code !== 0xfeff;
      if (!printable) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = WHITESPACE.includes(ch);
  }
  let blockPlain = !(leadingSpace || trailingSpace || breakSpace || special || spaceBreak || lineBreaks || indicators);
  const singleQuoted = !(breakSpace || special || spaceBreak);
  if (indicators) blockPlain = false;
  return { empty: false, multiline: lineBreaks, blockPlain, singleQuoted };
}

/** The text being written, with ruamel.yaml's emitter state: column, and whether the last thing was white space. */
class Writer {
  text = '';
  column = 0;
  whitespace = true;
  indention = true;

  write(s: string): void {
    this.text += s;
    this.column += s.length;
  }

  lineBreak(): void {
    this.text += '\n';
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }

  /** emitter.py write_indent: a new line unless already at `indent` on a fresh one, then spaces up to it. */
  indentTo(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  indicator(s: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? s : ` ${s}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  /** A scalar; `indent` is where folded lines continue; keys (`key`) are never folded. */
  scalar(value: unknown, indent: number, key = false): void {
    if (typeof value !== 'string') {
      this.plain(scalarText(value), indent, false);
      return;
    }
    const a = analyze(value);
    const plain = !NOT_A_STRING.some((re) => re.test(value)) && !(key && (a.empty || a.multiline)) && a.blockPlain;
    if (plain) this.plain(value, indent, !key);
    else if (value.includes("'") || value.includes('\n')) this.doubleQuoted(value, indent, !key);
    else if (a.singleQuoted && !(key && a.multiline)) this.singleQuoted(value, indent, !key);
    else this.doubleQuoted(value, indent, !key);
  }

  private plain(text: string, indent: number, split: boolean): void {
    if (text === '') return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let start = 0;
    let spaces = false;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column >= WIDTH && split) {
            this.indentTo(indent);
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end));
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        const word = text.slice(start, end);
        // A word that would pass the width starts a line of its own.
        if (word.length + this.column > WIDTH && this.column > indent) this.indentTo(indent);
        this.write(word);
        start = end;
      }
      spaces = ch === ' ';
    }
  }

  private singleQuoted(text: string, indent: number, split: boolean): void {
    this.indicator("'", true);
    let start = 0;
    let spaces = false;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > WIDTH && split && start !== 0 && end !== text.length)
            this.indentTo(indent);
          else this.write(text.slice(start, end));
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || ch === "'") {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      spaces = ch === ' ';
    }
    this.indicator("'", false);
  }

  private doubleQuoted(text: string, indent: number, split: boolean): void {
    this.indicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? (text[end] as string) : undefined;
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printableInQuotes(ch)) {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
        if (ch !== undefined) {
          this.write(escape(ch));
          start = end + 1;
        }
      }
      if (
        0 < end &&
        end < text.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > WIDTH &&
        split
      ) {
        const backslash = needsBackslash(text, start, end);
        this.write(text.slice(start, end) + (backslash ? '\\' : ''));
        if (start < end) start = end;
        this.indentTo(indent);
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') {
          if (!backslash) start++;
          this.write(backslash ? '\\' : '');
        }
      }
    }
    this.indicator('"', false);
  }
}

/** Whether a double-quoted line folded at `end` needs a trailing `\` (emitter.py, after SO answer 75634614). */
function needsBackslash(text: string, start: number, end: number): boolean {
  let space = text.indexOf(' ', end);
  if (space === -1) return true;
  const br = text.indexOf('\n', end);
  if (br !== -1 && br < space) space = br;
  if (space + 1 >= text.length) return true;
  if (text[space] === '\n' && text[space + 1] !== ' ') return true;
  const word = text.slice(end, space);
  return !(
    !word.includes('"') &&
    !word.includes("'") &&
    !' \n'.includes(text[space + 1] as string) &&
    text.slice(end - 1, end + 1) !== '  ' &&
    start !== end
  );
}

function printableInQuotes(ch: string): boolean {
  const c = ch.codePointAt(0) as number;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escape(ch: string): string {
  const named = ESCAPES[ch];
  if (named) return `\\${named}`;
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
}

const hex = (c: number, width: number) => c.toString(16).toUpperCase().padStart(width, '0');

/** A non-string scalar as ruamel.yaml represents it: Python's repr of floats, `true`/`false`, null as nothing. */
function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof PyFloat) return floatText(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatText(v);
  return String(v);
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  return pyFloat(x).toLowerCase();
}

type Node = unknown;

function isMapping(v: Node): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

/** Writes `value` as the value after a key or dash (`at` is the key's or dash's indent). */
function writeValue(w: Writer, value: Node, at: number, inSequence: boolean): void {
  if (Array.isArray(value) && value.length > 0) {
    // Under a key a list stays at the key's indent; inside a list it nests two further.
    writeSequence(w, value, inSequence ? at + 2 : at);
  } else if (isMapping(value) && Object.keys(value).length > 0) {
    writeMapping(w, value, at + 2);
  } else if (Array.isArray(value)) {
    w.indicator('[]', true);
  } else if (isMapping(value)) {
    w.indicator('{}', true);
  } else {
    // A list item's scalar starts at the item's indent (`- ` even for null: emitter.py process_scalar).
    if (inSequence) w.indentTo(at + 2);
    w.scalar(value, at + 2);
  }
}

/** A block mapping at `indent` (after a dash, its first key stays on the dash's line: indentTo pads it). */
function writeMapping(w: Writer, map: Record<string, unknown>, indent: number): void {
  for (const [key, value] of Object.entries(map)) {
    w.indentTo(indent);
    if (isSimpleKey(key)) {
      w.scalar(key, indent + 2, true);
      w.indicator(':', false);
    } else {
      // A long key, or one with a line break, is written `? key` then `: value`.
      w.indicator('?', true, false, true);
      w.scalar(key, indent + 2);
      w.indentTo(indent);
      w.indicator(':', true, false, true);
    }
    // After an explicit key's `:` a list starts on the same line, as after a dash.
    writeValue(w, value, indent, !isSimpleKey(key));
  }
}

/** emitter.py check_simple_key: under 128 characters counting the `!!str` tag, and on one line. */
function isSimpleKey(key: string): boolean {
  return [...key].length + '!!str'.length < 128 && !analyze(key).multiline;
}

function writeSequence(w: Writer, items: readonly unknown[], indent: number): void {
  for (const item of items) {
    w.indentTo(indent);
    w.indicator('-', true, false, true);
    writeValue(w, item, indent, true);
  }
}

/** A whole document (a mapping at the top level), ending with a newline, as DVC's dump_yaml writes it. */
export function dumpLockYaml(doc: Record<string, unknown>): string {
  const w = new Writer();
  writeMapping(w, doc, 0);
  w.lineBreak();
  return w.text;
}

/** One entry of a top-level mapping (`stages: {name: entry}`), as its lines inside the dumped document. */
export function dumpMappingEntry(key: string, value: unknown, indent: number): string {
  const w = new Writer();
  w.indentTo(indent);
  writeMapping(w, { [key]: value }, indent);
  w.lineBreak();
  return w.text;
}
