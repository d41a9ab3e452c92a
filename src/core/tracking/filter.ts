// The text forms of RunFilter and OrderBy the CLI and the sidebar accept, in MLflow's search syntax:
//   metrics.accuracy > 0.9 and params.lr = '0.1' and tags.team != 'x' and status IN ('FINISHED','FAILED')
//   and name LIKE '%baseline%'          order: metrics.accuracy DESC, start_time
// Keys with spaces or other odd characters go in backquotes: metrics.`val loss`.
import { TrackingError } from './errors';
import type { Comparator, Condition, OrderBy, RunFilter, RunStatus } from './types';

type Token = { kind: 'word' | 'string' | 'quoted-key' | 'op' | 'punct'; text: string; at: number };

const STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

function fail(what: string, source: string, at: number, message: string): never {
  throw new TrackingError('invalid-argument', `${what} '${source}', column ${at + 1}: ${message}`);
}

function tokenize(what: string, src: string): Token[] {
  const out: Token[] = [];
  const re = /\s+|([A-Za-z0-9_.\-/:]+)|'((?:[^']|'')*)'|"((?:[^"]|"")*)"|`([^`]*)`|(!=|>=|<=|=|>|<)|([(),])/y;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    const m = re.exec(src);
    if (!m) fail(what, src, at, `unexpected '${src[at]}'`);
    if (m[1] !== undefined) out.push({ kind: 'word', text: m[1], at });
    else if (m[2] !== undefined) out.push({ kind: 'string', text: m[2].replaceAll("''", "'"), at });
    else if (m[3] !== undefined) out.push({ kind: 'string', text: m[3].replaceAll('""', '"'), at });
    else if (m[4] !== undefined) out.push({ kind: 'quoted-key', text: m[4], at });
    else if (m[5] !== undefined) out.push({ kind: 'op', text: m[5], at });
    else if (m[6] !== undefined) out.push({ kind: 'punct', text: m[6], at });
  }
  return out;
}

class Cursor {
  i = 0;
  constructor(
    readonly what: string,
    readonly src: string,
    readonly tokens: Token[],
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(expected: string): Token {
    const t = this.tokens[this.i++];
    if (!t) fail(this.what, this.src, this.src.length, `expected ${expected}, found the end`);
    return t;
  }
  error(t: Token, message: string): never {
    fail(this.what, this.src, t.at, message);
  }
}

type Field = { kind: 'metric' | 'param' | 'tag'; key: string } | { kind: 'status' | 'name' | 'startTime' | 'endTime' };

function readField(c: Cursor): Field {
  const t = c.next('a field such as metrics.accuracy');
  if (t.kind !== 'word') c.error(t, `expected a field such as metrics.accuracy, found '${t.text}'`);
  const dot = t.text.indexOf('.');
  const head = (dot === -1 ? t.text : t.text.slice(0, dot)).toLowerCase();
  let key = dot === -1 ? '' : t.text.slice(dot + 1);
  const kind = (
    { metrics: 'metric', metric: 'metric', params: 'param', param: 'param', tags: 'tag', tag: 'tag' } as const
  )[head as 'metrics'];
  if (kind) {
    if (key === '' && c.peek()?.kind === 'quoted-key') key = c.next('a key').text;
    if (key === '') c.error(t, `'${t.text}' needs a key, e.g. ${head}.accuracy or ${head}.\`my key\``);
    return { kind, key };
  }
  const attr = (dot !== -1 && (head === 'attributes' || head === 'attribute') ? key : t.text).toLowerCase();
  const map: Record<string, Field['kind']> = {
    status: 'status',
    name: 'name',
    run_name: 'name',
    start_time: 'startTime',
    starttime: 'startTime',
    end_time: 'endTime',
    endtime: 'endTime',
  };
  const a = map[attr];
  if (!a || a === 'metric' || a === 'param' || a === 'tag') {
    c.error(
      t,
      `unknown field '${t.text}': use metrics.KEY, params.KEY, tags.KEY, status, name, start_time or end_time`,
    );
  }
  return { kind: a };
}

function readString(c: Cursor): string {
  const t = c.next('a value');
  if (t.kind === 'string' || t.kind === 'word') return t.text;
  return c.error(t, `expected a value, found '${t.text}'`);
}

function readStatus(c: Cursor): RunStatus {
  const t = c.next('a status');
  const s = t.text.toUpperCase() as RunStatus;
  if ((t.kind !== 'string' && t.kind !== 'word') || !STATUSES.includes(s))
    c.error(t, `'${t.text}' is not a status: use ${STATUSES.join(', ')}`);
  return s;
}

/** Parses a filter; an empty text is the empty filter. Throws TrackingError('invalid-argument') with the column. */
export function parseRunFilter(text: string): RunFilter {
  const c: Cursor = new Cursor('filter', text, tokenize('filter', text));
  const conditions: Condition[] = [];
  let statuses: RunStatus[] | undefined;
  let nameText: string | undefined;
  while (c.peek()) {
    if (c.i > 0) {
      const and = c.next("'and'");
      if (and.text.toLowerCase() !== 'and')
        c.error(and, `expected 'and' between conditions, found '${and.text}' (only 'and' is supported)`);
    }
    const fieldTok = c.peek()!;
    const field = readField(c);
    const opTok = c.next('an operator');
    const op = opTok.kind === 'op' ? opTok.text : opTok.text.toUpperCase();
    switch (field.kind) {
      case 'metric': {
        if (opTok.kind !== 'op')
          c.error(opTok, `expected a comparison (=, !=, >, >=, <, <=) after metrics.${field.key}`);
        const v = c.next('a number');
        const n = Number(v.text);
        if (v.kind !== 'word' || v.text === '' || Number.isNaN(n))
          c.error(v, `metrics.${field.key} compares with a number, found '${v.text}'`);
        conditions.push({ kind: 'metric', key: field.key, op: op as Comparator, value: n });
        break;
      }
      case 'param':
      case 'tag': {
        if (op !== '=' && op !== '!=') c.error(opTok, `${field.kind}s are strings: compare them with = or !=`);
        conditions.push({ kind: field.kind, key: field.key, op, value: readString(c) });
        break;
      }
      case 'status': {
        let allowed: RunStatus[];
        if (op === '=') allowed = [readStatus(c)];
        else if (op === '!=') {
          const s = readStatus(c);
          allowed = STATUSES.filter((x) => x !== s);
        } else if (op === 'IN') {
          const open = c.next("'('");
          if (open.text !== '(') c.error(open, "expected '(' after IN");
          allowed = [readStatus(c)];
          while (c.next("',' or ')'").text === ',') allowed.push(readStatus(c));
        } else c.error(opTok, 'compare status with =, != or IN (...)');
        statuses = statuses ? statuses.filter((s) => allowed.includes(s)) : allowed;
        break;
      }
      case 'name': {
        if (op !== 'LIKE' && op !== 'ILIKE') c.error(opTok, "match names with LIKE '%text%'");
        const v = readString(c);
        const m = /^%([^%]*)%$/.exec(v);
        if (!m) c.error(opTok, `only substring patterns are supported: name LIKE '%${v.replaceAll('%', '')}%'`);
        if (nameText !== undefined) c.error(fieldTok, 'only one name condition is supported');
        nameText = m[1];
        break;
      }
      default:
        c.error(
          fieldTok,
          `${field.kind === 'startTime' ? 'start_time' : 'end_time'} can be ordered by, not filtered on`,
        );
    }
  }
  return {
    ...(statuses && { statuses }),
    ...(nameText !== undefined && { text: nameText }),
    ...(conditions.length > 0 && { conditions }),
  };
}

/** Parses `metrics.accuracy DESC, start_time` (ascending unless DESC). */
export function parseOrderBy(text: string): OrderBy[] {
  const c: Cursor = new Cursor('order', text, tokenize('order', text));
  const out: OrderBy[] = [];
  while (c.peek()) {
    if (out.length > 0) {
      const comma = c.next("','");
      if (comma.text !== ',') c.error(comma, `expected ',' between order fields, found '${comma.text}'`);
    }
    const fieldTok = c.peek()!;
    const f = readField(c);
    const dir = c.peek();
    let descending = false;
    if (dir?.kind === 'word' && /^(asc|desc)$/i.test(dir.text)) {
      descending = dir.text.toLowerCase() === 'desc';
      c.i++;
    }
    if (f.kind === 'tag')
      c.error(fieldTok, 'ordering by tags is not supported: use metrics, params, start_time, end_time, name or status');
    out.push({
      field:
        f.kind === 'metric' || f.kind === 'param' ? { kind: f.kind, key: f.key } : { kind: 'attribute', key: f.kind },
      descending,
    });
  }
  return out;
}
