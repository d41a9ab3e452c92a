// Keys inside params values, as DVC names them: dotted keys (`train.lr`, `layers.0.size`, `layers[0].size`)
// looked up with the longest existing prefix on a miss, every key listed for completion, and the glob
// patterns (`train.*`) a stage's `params:` may use. The values come from params-files.ts.
import { isDict, type Value } from './py-value';

export type Lookup =
  | { found: true; value: Value }
  | { found: false /** The longest prefix of the key that exists ('' when none). */; missing: string; parent: string };

/** Looks up a dotted key (`train.lr`, `layers.0.size`, `layers[0].size`) in params data. */
export function lookupKey(values: Value, key: string): Lookup {
  const segs = key.replace(/\[([^\]]*)\]/g, '.$1').split('.');
  let cur: Value | undefined = values;
  const done: string[] = [];
  for (const seg of segs) {
    let next: Value | undefined;
    if (Array.isArray(cur) && /^\d+$/.test(seg)) next = cur[Number(seg)];
    else if (isDict(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) next = cur[seg];
    if (next === undefined) return { found: false, missing: seg, parent: done.join('.') };
    done.push(seg);
    cur = next;
  }
  return { found: true, value: cur as Value };
}

/** Every dotted key of the data (leaves and inner dicts), for did-you-mean suggestions. */
export function allKeys(values: Value, prefix = '', out: string[] = []): string[] {
  if (isDict(values)) {
    for (const [k, v] of Object.entries(values)) {
      out.push(prefix + k);
      allKeys(v, `${prefix}${k}.`, out);
    }
  }
  return out;
}

function globRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i] as string;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[' && seg.indexOf(']', i + 2) > 0) {
      const close = seg.indexOf(']', i + 2);
      const body = seg.slice(i + 1, close);
      re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`.replace(/\\/g, '\\\\');
      i = close;
    } else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    // A class body the regex engine refuses (e.g. `[z-a]`) matches nothing, as fnmatch would.
    return /(?!)/;
  }
}

/**
 * Whether a `params:` key exists, the way DVC looks it up (dpath with `.` as separator): list items by
 * index (`layers.0.size`), glob segments (`*`, `?`, `[ab]`, `**`) matching keys.
 */
export function findParam(values: Value, key: string): { found: boolean } {
  return { found: matchParam(values, key.split('.'), 0) };
}

const isGlob = (seg: string): boolean => seg.includes('*') || seg.includes('?') || seg.includes('[');

function matchParam(v: Value, segs: readonly string[], i: number): boolean {
  if (i === segs.length) return true;
  const seg = segs[i] as string;
  if (!isGlob(seg)) {
    // A plain segment: one direct lookup (params files can hold thousands of keys).
    if (isDict(v)) return Object.prototype.hasOwnProperty.call(v, seg) && matchParam(v[seg] as Value, segs, i + 1);
    return (
      Array.isArray(v) &&
      /^\d+$/.test(seg) &&
      Number(seg) < v.length &&
      matchParam(v[Number(seg)] as Value, segs, i + 1)
    );
  }
  const children: [string, Value][] = isDict(v)
    ? Object.entries(v)
    : Array.isArray(v)
      ? v.map((x, n) => [String(n), x])
      : [];
  if (seg === '**') return matchParam(v, segs, i + 1) || children.some(([, x]) => matchParam(x, segs, i));
  const re = globRegExp(seg);
  return children.some(([k, x]) => re.test(k) && matchParam(x, segs, i + 1));
}
