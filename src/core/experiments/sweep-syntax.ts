// `-S/--set-param` arguments in Hydra's override grammar, the syntax `dvc exp run -S` accepts
// (dvc/utils/cli_parse.py splits off the file; hydra's OverridesParser reads the rest):
//   [FILE:]KEY=VALUE   change a key that exists       +KEY=VALUE  add a key that does not
//   ++KEY=VALUE        add or change                   ~KEY        delete
// A VALUE is a primitive (int, float, bool, null, quoted or bare string), a [list] or {dict}, or a sweep:
// `a,b,c`, `choice(a,b)`, `range(start,stop[,step])`, and for random search `interval(low,high)`.
// Primitive typing follows Hydra's lexer: a bare token is an int, float, bool or null when it is one entirely.
import { PyFloat, type Value } from '../pipeline/py-value';

export type OverrideOp = 'change' | 'add' | 'force-add' | 'delete';

/** What one `-S` asks for; `choices` has one entry unless it sweeps. */
export type Override =
  | { file: string; key: string; op: 'delete'; text: string }
  | { file: string; key: string; op: Exclude<OverrideOp, 'delete'>; text: string; sweep: Sweep };

export type Sweep =
  | { kind: 'values'; values: Value[] }
  /** Only meaningful for random search: a float drawn uniformly in [low, high). */
  | { kind: 'interval'; low: number; high: number };

export const DEFAULT_PARAMS_FILE = 'params.yaml';

export class SweepSyntaxError extends Error {}

/** Parses one `-S` argument; throws SweepSyntaxError naming the offending token. */
export function parseOverride(arg: string): Override {
  // DVC takes everything before the first ':' as the file only when that ':' comes before the '='.
  const head = arg.split('=', 1)[0] as string;
  const colon = head.indexOf(':');
  const file = colon === -1 ? DEFAULT_PARAMS_FILE : arg.slice(0, colon);
  const rest = colon === -1 ? arg : arg.slice(colon + 1);
  const fail = (what: string, at: number): never => {
    const col = at + (colon === -1 ? 0 : colon + 1);
    throw new SweepSyntaxError(
      `invalid -S '${arg}': ${what} at column ${col + 1} ('${arg.slice(0, col)}▮${arg.slice(col)}'). ` +
        'Write [FILE:]KEY=VALUE, e.g. train.lr=0.01, a sweep train.lr=0.1,0.01 or range(1,10,2).',
    );
  };
  if (file === '') fail('empty params file name before ":"', 0);
  let pos = 0;
  let op: OverrideOp = 'change';
  if (rest.startsWith('++')) {
    op = 'force-add';
    pos = 2;
  } else if (rest.startsWith('+')) {
    op = 'add';
    pos = 1;
  } else if (rest.startsWith('~')) {
    op = 'delete';
    pos = 1;
  }
  const keyMatch = /^[A-Za-z0-9_\-./\\]+/.exec(rest.slice(pos));
  if (!keyMatch) fail('expected a parameter name', pos);
  const key = (keyMatch as RegExpExecArray)[0];
  if (key.startsWith('.') || key.endsWith('.') || key.includes('..')) fail(`'${key}' is not a dotted key`, pos);
  pos += key.length;
  if (op === 'delete') {
    if (pos < rest.length && rest[pos] !== '=') fail(`unexpected '${rest[pos]}' after the key`, pos);
    return { file, key, op, text: arg };
  }
  if (rest[pos] !== '=') fail(pos >= rest.length ? "expected '=' and a value" : `unexpected '${rest[pos]}'`, pos);
  const parser = new ValueParser(rest, pos + 1, fail);
  const sweep = parser.parseTop();
  return { file, key, op, text: arg, sweep };
}

type Fail = (what: string, at: number) => never;

const INT_RE = /^[+-]?(?:0|[1-9][0-9_]*)$/;
const FLOAT_RE =
  /^[+-]?(?:(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][+-]?[0-9]+)?|[0-9][0-9_]*\.(?:[eE][+-]?[0-9]+)?|[0-9][0-9_]*[eE][+-]?[0-9]+|inf|nan)$/i;

/** A bare primitive typed as Hydra's lexer types it. */
export function typePrimitive(raw: string): Value {
  const t = raw.trim();
  if (/^null$/i.test(t)) return null;
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  if (INT_RE.test(t)) return Number(t.replaceAll('_', ''));
  if (FLOAT_RE.test(t)) {
    const n = Number(
      t
        .replaceAll('_', '')
        .replace(/^([+-]?)inf$/i, '$1Infinity')
        .replace(/^[+-]?nan$/i, 'NaN'),
    );
    return Number.isInteger(n) ? new PyFloat(n) : n;
  }
  return t;
}

/** Recursive descent over one value, positions kept for messages. */
class ValueParser {
  constructor(
    private readonly s: string,
    private pos: number,
    private readonly fail: Fail,
  ) {}

  parseTop(): Sweep {
    if (this.pos >= this.s.length) return { kind: 'values', values: [''] };
    const first = this.element(true);
    if (first.kind === 'sweep') {
      this.end();
      return first.sweep;
    }
    const values: Value[] = [first.value];
    while (this.peek() === ',') {
      this.pos++;
      const next = this.element(false);
      if (next.kind === 'sweep') this.fail('a sweep cannot be an item of a comma list', this.pos);
      values.push((next as { value: Value }).value);
    }
    this.end();
    return { kind: 'values', values };
  }

  private end(): void {
    if (this.pos < this.s.length) this.fail(`unexpected '${this.s[this.pos]}'`, this.pos);
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private element(top: boolean): { kind: 'value'; value: Value } | { kind: 'sweep'; sweep: Sweep } {
    this.skipWs();
    const c = this.peek();
    let value: Value;
    if (c === undefined || c === ',' || c === ')' || c === ']' || c === '}') {
      this.fail(c === undefined ? 'expected a value at the end' : `expected a value before '${c}'`, this.pos);
    }
    if (c === '[') value = this.list();
    else if (c === '{') value = this.dict();
    else if (c === '"' || c === "'") value = this.quoted();
    else {
      const call = /^([A-Za-z_][A-Za-z0-9_]*)\(/.exec(this.s.slice(this.pos));
      if (call) {
        const name = call[1] as string;
        const at = this.pos;
        this.pos += call[0].length;
        const args = this.args();
        if (!top) this.fail(`${name}(…) can only be the whole value`, at);
        return { kind: 'sweep', sweep: this.sweepFunction(name, args, at) };
      }
      value = this.bare();
    }
    this.skipWs();
    return { kind: 'value', value };
  }

  private bare(): Value {
    const start = this.pos;
    while (this.pos < this.s.length && !',[]{}()\'"='.includes(this.s[this.pos] as string)) this.pos++;
    if (this.s[this.pos] === '=' || this.s[this.pos] === '(')
      this.fail(`unexpected '${this.s[this.pos]}' (quote the value if it is text)`, this.pos);
    return typePrimitive(this.s.slice(start, this.pos));
  }

  private quoted(): string {
    const q = this.s[this.pos] as string;
    const start = this.pos;
    let out = '';
    for (this.pos++; this.pos < this.s.length; this.pos++) {
      const ch = this.s[this.pos] as string;
      if (ch === '\\' && this.s[this.pos + 1] === q) {
        out += q;
        this.pos++;
      } else if (ch === q) {
        this.pos++;
        return out;
      } else out += ch;
    }
    return this.fail(`unterminated quoted string`, start);
  }

  private list(): Value[] {
    this.pos++;
    const items: Value[] = [];
    this.skipWs();
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      const e = this.element(false);
      if (e.kind === 'sweep') this.fail('a sweep cannot be inside a list', this.pos);
      items.push((e as { value: Value }).value);
      const c = this.peek();
      this.pos++;
      if (c === ']') return items;
      if (c !== ',') this.fail(c === undefined ? "missing ']'" : `expected ',' or ']' instead of '${c}'`, this.pos - 1);
    }
  }

  private dict(): Record<string, Value> {
    this.pos++;
    const out: Record<string, Value> = {};
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      const m = /^[A-Za-z0-9_\-.]+/.exec(this.s.slice(this.pos));
      if (!m) this.fail('expected a key', this.pos);
      this.pos += (m as RegExpExecArray)[0].length;
      this.skipWs();
      if (this.peek() !== ':') this.fail("expected ':' after the key", this.pos);
      this.pos++;
      const e = this.element(false);
      if (e.kind === 'sweep') this.fail('a sweep cannot be inside a dict', this.pos);
      out[(m as RegExpExecArray)[0]] = (e as { value: Value }).value;
      const c = this.peek();
      this.pos++;
      if (c === '}') return out;
      if (c !== ',') this.fail(c === undefined ? "missing '}'" : `expected ',' or '}' instead of '${c}'`, this.pos - 1);
    }
  }

  /** Arguments of a function call, after its '(' up to and including ')'. */
  private args(): { value: Value; at: number }[] {
    const args: { value: Value; at: number }[] = [];
    this.skipWs();
    if (this.peek() === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      const at = this.pos;
      const e = this.element(false);
      if (e.kind === 'sweep') this.fail('a sweep cannot be an argument', at);
      args.push({ value: (e as { value: Value }).value, at });
      const c = this.peek();
      this.pos++;
      if (c === ')') return args;
      if (c !== ',') this.fail(c === undefined ? "missing ')'" : `expected ',' or ')' instead of '${c}'`, this.pos - 1);
    }
  }

  private sweepFunction(name: string, args: { value: Value; at: number }[], at: number): Sweep {
    const num = (i: number): number => {
      const a = args[i] as { value: Value; at: number };
      if (typeof a.value === 'number') return a.value;
      if (a.value instanceof PyFloat) return a.value.value;
      return this.fail(`${name}() needs numbers, not '${String(a.value)}'`, a.at);
    };
    switch (name) {
      case 'choice':
        if (args.length === 0) this.fail('choice() needs at least one value', at);
        return { kind: 'values', values: args.map((a) => a.value) };
      case 'range': {
        if (args.length < 1 || args.length > 3)
          this.fail('range() takes (stop), (start, stop) or (start, stop, step)', at);
        const [start, stop, step] =
          args.length === 1 ? [0, num(0), 1] : [num(0), num(1), args.length === 3 ? num(2) : 1];
        if (step === 0) this.fail('range() step cannot be 0', (args[2] as { at: number }).at);
        const floats = args.some((a) => a.value instanceof PyFloat || !Number.isInteger(a.value));
        const values: Value[] = [];
        // Hydra computes each point as start + i*step (no accumulated rounding) and stops before `stop`.
        for (let i = 0; ; i++) {
          const v = start + i * step;
          if (step > 0 ? v >= stop : v <= stop) break;
          if (values.length >= 100_000) this.fail('range() makes more than 100000 values', at);
          values.push(floats ? (Number.isInteger(v) ? new PyFloat(v) : Number(v.toPrecision(15))) : v);
        }
        if (values.length === 0) this.fail(`range() is empty (no value from ${start} towards ${stop})`, at);
        return { kind: 'values', values };
      }
      case 'interval':
        if (args.length !== 2) this.fail('interval() takes (low, high)', at);
        if (num(0) >= num(1)) this.fail('interval() needs low < high', at);
        return { kind: 'interval', low: num(0), high: num(1) };
      case 'glob':
        return this.fail('glob() sweeps are not supported (DVC refuses them too)', at);
      default:
        return this.fail(`unknown function '${name}' (use choice, range or interval)`, at);
    }
  }
}
