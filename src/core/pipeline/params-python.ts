// Reads a Python params file the way DVC's python loader does (dvc/utils/serialize/_py.py), without running
// anything: module-level `NAME = literal` (and `NAME: T = literal`), class bodies as nested dicts,
// `self.NAME = literal` inside `__init__`. Assignments whose value is not a literal are skipped, as DVC skips them.
import { PyFloat, setKey, pyNumberValue, type Dict, type Value } from './py-value';
import { PySyntaxError, tokenize, type Line, type Tok } from './python-tokens';

export interface PyParseResult {
  values: Dict;
  /** Dotted key → [start, end) offsets of the name that defines it. */
  keys: Map<string, [number, number]>;
  error?: { message: string; start: number; end: number };
}

class NotLiteral extends Error {}

interface Lit {
  value: Value;
  /** Nested dict keys (relative dotted path → offsets of the key token). */
  keys: [string, [number, number]][];
}

class LiteralParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parseAll(): Lit {
    const lit = this.tupleOrExpr(() => this.i >= this.toks.length);
    if (this.i < this.toks.length) throw new NotLiteral();
    return lit;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && t.text === text;
  }
  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new NotLiteral();
    this.i++;
  }

  /** `a, b, c` without brackets is a tuple (a list here). */
  private tupleOrExpr(atEnd: () => boolean): Lit {
    const first = this.expr();
    if (!this.isOp(',')) return first;
    const items: Lit[] = [first];
    while (this.isOp(',')) {
      this.i++;
      if (atEnd() || this.isOp(')')) break;
      items.push(this.expr());
    }
    return { value: items.map((x) => x.value), keys: [] };
  }

  private expr(): Lit {
    const t = this.peek();
    if (!t) throw new NotLiteral();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.i++;
      const inner = this.expr();
      const v = inner.value;
      if (typeof v !== 'number' && !(v instanceof PyFloat)) throw new NotLiteral();
      const n = t.text === '-' ? -v.valueOf() : v.valueOf();
      return { value: v instanceof PyFloat ? new PyFloat(n) : n, keys: [] };
    }
    return this.atom();
  }

  private atom(): Lit {
    const t = this.peek() as Tok;
    this.i++;
    if (t.kind === 'number') {
      if (/[jJ]$/.test(t.text)) throw new NotLiteral();
      const text = t.text.replace(/_/g, '');
      const n = /^0[xXoObB]/.test(text) ? Number(text.toLowerCase()) : Number(text);
      if (Number.isNaN(n)) throw new NotLiteral();
      return { value: pyNumberValue(n, !/^0[xXoObB]/.test(text) && /[.eE]/.test(text)), keys: [] };
    }
    if (t.kind === 'string') {
      if (t.value === undefined) throw new NotLiteral();
      let s = t.value;
      for (let n = this.peek(); n && n.kind === 'string'; n = this.peek()) {
        if (n.value === undefined) throw new NotLiteral();
        s += n.value;
        this.i++;
      }
      return { value: s, keys: [] };
    }
    if (t.kind === 'name') {
      if (t.text === 'True') return { value: true, keys: [] };
      if (t.text === 'False') return { value: false, keys: [] };
      if (t.text === 'None') return { value: null, keys: [] };
      throw new NotLiteral();
    }
    if (t.text === '(') {
      if (this.isOp(')')) {
        this.i++;
        return { value: [], keys: [] };
      }
      const inner = this.tupleOrExpr(() => false);
      this.expectOp(')');
      return inner;
    }
    if (t.text === '[') return { value: this.sequence(']'), keys: [] };
    if (t.text === '{') return this.braces();
    throw new NotLiteral();
  }

  private sequence(close: string): Value[] {
    const out: Value[] = [];
    while (!this.isOp(close)) {
      out.push(this.expr().value);
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expectOp(close);
    return out;
  }

  /** A dict or a set (sets become lists). */
  private braces(): Lit {
    if (this.isOp('}')) {
      this.i++;
      return { value: {}, keys: [] };
    }
    const start = this.i;
    const first = this.expr();
    if (!this.isOp(':')) {
      this.i = start;
      return { value: this.sequence('}'), keys: [] };
    }
    const dict: Dict = {};
    const keys: [string, [number, number]][] = [];
    let keyLit = first;
    let keyTok = this.toks[start] as Tok;
    for (;;) {
      this.expectOp(':');
      const val = this.expr();
      const k = typeof keyLit.value === 'string' ? keyLit.value : JSON.stringify(keyLit.value);
      setKey(dict, k, val.value);
      keys.push([k, [keyTok.start, keyTok.end]]);
      for (const [sub, r] of val.keys) keys.push([`${k}.${sub}`, r]);
      if (!this.isOp(',')) break;
      this.i++;
      if (this.isOp('}')) break;
      keyTok = this.peek() as Tok;
      keyLit = this.expr();
    }
    this.expectOp('}');
    return { value: dict, keys };
  }
}

function splitTop(toks: Tok[], sep: string): Tok[][] {
  const parts: Tok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'op' && t.text === sep) parts.push([]);
    else (parts[parts.length - 1] as Tok[]).push(t);
  }
  return parts;
}

/** The name an assignment target defines, or undefined when DVC would skip it. */
function targetName(target: Tok[], onlySelf: boolean): Tok | undefined {
  if (target.length === 1 && target[0]?.kind === 'name' && !onlySelf) return target[0];
  if (target.length === 3 && target[0]?.text === 'self' && target[1]?.text === '.' && target[2]?.kind === 'name')
    return target[2];
  return undefined;
}

type Out = { values: Dict; keys: Map<string, [number, number]> };

function assign(stmt: Tok[], onlySelf: boolean, prefix: string, out: Out): void {
  const parts = splitTop(stmt, '=');
  if (parts.length !== 2) return;
  let target = parts[0] as Tok[];
  const valueToks = parts[1] as Tok[];
  const colon = splitTop(target, ':');
  if (colon.length === 2) target = colon[0] as Tok[];
  else if (colon.length > 2) return;
  const name = targetName(target, onlySelf);
  if (!name || valueToks.length === 0) return;
  let lit: Lit;
  try {
    lit = new LiteralParser(valueToks).parseAll();
  } catch (e) {
    if (e instanceof NotLiteral) return;
    throw e;
  }
  setKey(out.values, name.text, lit.value);
  out.keys.set(prefix + name.text, [name.start, name.end]);
  for (const [sub, r] of lit.keys) out.keys.set(`${prefix}${name.text}.${sub}`, r);
}

/** Walks a block of logical lines (all at `indent`) like DVC's _ast_tree_to_dict. */
function walkBlock(lines: Line[], from: number, indent: number, onlySelf: boolean, prefix: string, out: Out): number {
  let n = from;
  while (n < lines.length) {
    const line = lines[n] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent) {
      n++;
      continue;
    }
    const toks = line.toks;
    const head = toks[0] as Tok;
    const bodyStart = n + 1;
    const isHeader =
      head.kind === 'name' &&
      [
        'class',
        'def',
        'if',
        'elif',
        'else',
        'for',
        'while',
        'with',
        'try',
        'except',
        'finally',
        'async',
        'match',
        'case',
      ].includes(head.text);
    if (!isHeader) {
      for (const stmt of splitTop(toks, ';')) if (stmt.length > 0) assign(stmt, onlySelf, prefix, out);
      n++;
      continue;
    }
    const bodyIndent = lines[bodyStart]?.indent ?? -1;
    const hasBody = bodyIndent > indent;
    const name = toks[1];
    if (head.text === 'class' && name?.kind === 'name' && hasBody) {
      const inner: Out = { values: {}, keys: out.keys };
      walkBlock(lines, bodyStart, bodyIndent, false, `${prefix}${name.text}.`, inner);
      setKey(out.values, name.text, inner.values);
      out.keys.set(prefix + name.text, [name.start, name.end]);
    } else if (head.text === 'def' && name?.text === '__init__' && hasBody) {
      walkBlock(lines, bodyStart, bodyIndent, true, prefix, out);
    }
    n = bodyStart;
    while (n < lines.length && (lines[n] as Line).indent > indent) n++;
  }
  return n;
}

export function parsePython(src: string): PyParseResult {
  const out: Out = { values: {}, keys: new Map() };
  try {
    walkBlock(tokenize(src), 0, 0, false, '', out);
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    return { values: {}, keys: new Map(), error: { message: e.message, start: e.start, end: e.end } };
  }
  return out;
}
