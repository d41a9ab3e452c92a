// Python's `json.loads` as DVC reads a JSON params or metrics file (dvc/utils/serialize/_json.py), for text that
// `JSON.parse` has already accepted: the same values, except that a number written with a fraction or an exponent
// stays a float (`1.0` is Python's float 1.0, which `JSON.parse` makes the integer 1; DVC prints and compares
// it as a float), and a repeated key keeps its last value. python-json.ts is the other direction.
// Python's reader also takes NaN, Infinity and -Infinity, which json.dumps writes for such floats (DVCLive's
// sklearn roc.json starts with threshold Infinity): parseJsonShape takes them too.
// It replaces reading such files through the YAML parser for their values, which cost a `metrics diff` of 72
// small metrics files 40 ms of a cold parser; key ranges (for the editor) are still the YAML walker's.
import { PyFloat, setKey, type Dict, type Value } from './py-value';

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;

/**
 * `json.loads(text)`; `text` must be valid JSON, or JSON but for NaN/Infinity (asPythonJson), else it throws with no
 * promise of a message.
 */
export function pythonJsonLoads(text: string): Value {
  return new Reader(text).document();
}

/**
 * JSON.parse, also taking Python's NaN, Infinity and -Infinity outside strings, each read as 1: enough to tell the
 * document's shape (its values are pythonJsonLoads's). A text that is not JSON throws JSON.parse's error, at offsets
 * of the text itself.
 */
export function parseJsonShape(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return asPythonJson(text, err);
  }
}

function asPythonJson(text: string, err: unknown): unknown {
  let masked = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    const word = c === 78 || c === 73 || c === MINUS ? CONSTANTS.find((w) => text.startsWith(w, i)) : undefined;
    if (word === undefined) continue;
    // The same length, so JSON.parse's positions are the text's.
    masked += text.slice(from, i) + (c === MINUS ? '-1' : '1').padEnd(word.length);
    from = i + word.length;
    i = from - 1;
  }
  if (from === 0) throw err;
  return JSON.parse(masked + text.slice(from));
}

const CONSTANTS = ['NaN', 'Infinity', '-Infinity'];

class Reader {
  private at = 0;
  constructor(private readonly t: string) {}

  document(): Value {
    const v = this.value();
    this.space();
    if (this.at !== this.t.length) throw new SyntaxError('trailing text');
    return v;
  }

  private space(): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.at);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.at++;
      else return;
    }
  }

  private value(): Value {
    this.space();
    const c = this.t.charCodeAt(this.at);
    if (c === LBRACE) return this.object();
    if (c === LBRACKET) return this.array();
    if (c === QUOTE) return this.string();
    if ((c === MINUS && this.t.charCodeAt(this.at + 1) !== 73) || (c >= 48 && c <= 57)) return this.number();
    return this.word();
  }

  private object(): Dict {
    const out: Dict = {};
    this.at++;
    this.space();
    if (this.t.charCodeAt(this.at) === RBRACE) {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.at++; // ':'
      setKey(out, key, this.value());
      this.space();
      if (this.t.charCodeAt(this.at++) !== COMMA) return out; // '}'
    }
  }

  private array(): Value[] {
    const out: Value[] = [];
    this.at++;
    this.space();
    if (this.t.charCodeAt(this.at) === RBRACKET) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      if (this.t.charCodeAt(this.at++) !== COMMA) return out; // ']'
    }
  }

  private string(): string {
    const t = this.t;
    const start = this.at;
    let escaped = false;
    let i = start + 1;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
      if (Number.isNaN(c)) throw new SyntaxError('unterminated string');
      i++;
    }
    this.at = i + 1;
    // Escapes are JSON's own: let JSON.parse decode the one string that has them.
    return escaped ? (JSON.parse(t.slice(start, i + 1)) as string) : t.slice(start + 1, i);
  }

  private number(): number | PyFloat {
    const t = this.t;
    const start = this.at;
    let float = false;
    let i = start;
    for (; ; i++) {
      const c = t.charCodeAt(i);
      if (c === 46 || c === 101 || c === 69)
        float = true; // . e E
      else if (!((c >= 48 && c <= 57) || c === MINUS || c === 43)) break;
    }
    this.at = i;
    const n = Number(t.slice(start, i));
    return float && Number.isInteger(n) ? new PyFloat(n) : n;
  }

  private word(): Value {
    const t = this.t;
    for (const [word, value] of WORDS) {
      if (t.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    throw new SyntaxError(`unexpected text at ${this.at}`);
  }
}

const WORDS: readonly (readonly [string, Value])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
