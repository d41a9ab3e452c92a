// A JSON plot file read in one pass without building its values: the text is checked to be JSON exactly as
// JSON.parse checks it, and what DVC's plots read of it is noted — the lists it looks for rows in (every list
// among the values of the top object and of objects inside it, dvc/render/converter/vega.py `_find_first_list`
// and `_lists`), where each element of such a list is written, the first element's keys, and whether every element
// is an object with those keys. `plots --json` then writes a row from its own bytes, and a 100k-point ROC file
// costs no object, no number and no garbage at all (parsing it was a third of `plots diff`). Panels, which need
// the values, parse the file with JSON.parse instead (collect.ts's `writesJson`). Keys follow JSON.parse: the
// last of a repeated key wins where the first stood, and keys that are array indices come first in numeric order
// (json-row.ts, with the common row's fast reader).
import { changedByScrub, isInert } from '../stream-scrub';
import { IntList } from './int-list';
import { jsOrder, sameRow, sameRowWasInert } from './json-row';

export interface JsonList {
  /** Object keys from the top to the list (none when the document is the list). */
  path: string[];
  count: number;
  /** Every element is an object. */
  objects: boolean;
  /** Every element is an object with the first one's keys, in any order: rows DVC reads. */
  uniform: boolean;
  /** The first element's keys, in JSON.parse's order (empty when it is no object). */
  keys: string[];
  /** Where each element is written: bytes [starts[r], ends[r]) of the text (meaningful when `objects`). */
  starts: Int32Array;
  ends: Int32Array;
  /** The elements' text holds nothing the CLI's streams would change (core/stream-scrub.ts). */
  clean: boolean;
}

export interface JsonOutline {
  /** The file's bytes (UTF-8), where `starts` and `ends` point. */
  bytes: Buffer;
  /** The document is empty as DVC drops it: `{}`, `[]`, null, false, 0 or "". */
  empty: boolean;
  /** The lists, in the order DVC meets them. */
  lists: JsonList[];
}

/** Objects nested deeper than this on the way to a list are left to JSON.parse (no deep recursion here). */
const MAX_DEPTH = 256;

/** The outline of `text`, or undefined when it is not JSON (JSON.parse says why) or nested too deep. */
export function outlineJson(text: Buffer): JsonOutline | undefined {
  return new Scanner(text).document();
}

class Scanner {
  private readonly n: number;
  /** Set when a string's text holds a character that is not inert (core/stream-scrub.ts). */
  private marked = false;
  /** Where the first row of the list being read writes each key (to compare the next rows' with). */
  private firstAt: number[] = [];
  private firstLen: number[] = [];
  /** Whether the row just read (row()) has the first row's keys in its order; else its keys. */
  private rowSame = false;
  private readonly rowKeys: string[] = [];

  constructor(private readonly text: Buffer) {
    this.n = text.length;
  }

  document(): JsonOutline | undefined {
    const text = this.text;
    const i = this.ws(0);
    const c = text[i]!;
    let lists: JsonList[] = [];
    let end: number;
    let empty: boolean;
    if (c === 123) {
      const found = this.object(i, [], 0);
      if (found === undefined) return undefined;
      ({ end, lists } = found);
      empty = found.size === 0;
    } else if (c === 91) {
      const list = this.list(i, []);
      if (list === undefined) return undefined;
      end = list.end;
      lists = [list.list];
      empty = list.list.count === 0;
    } else {
      end = this.value(i);
      if (end < 0) return undefined;
      const token = text.toString('utf8', i, end);
      empty = token === 'null' || token === 'false' || token === '""' || (c !== 34 && Number(token) === 0);
    }
    return this.ws(end) === this.n ? { bytes: text, empty, lists } : undefined;
  }

  private ws(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text[i]!;
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  }

  /** An object on the way to lists: its lists in DVC's order, its number of keys, and where it ends. */
  private object(
    start: number,
    path: readonly string[],
    depth: number,
  ): { lists: JsonList[]; size: number; end: number } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const text = this.text;
    // A repeated key keeps its first place and takes the last value, as in JSON.parse.
    const members = new Map<string, JsonList[]>();
    let i = this.ws(start + 1);
    if (text[i]! !== 125)
      for (;;) {
        const keyEnd = this.string(i);
        if (keyEnd < 0) return undefined;
        const key = this.decode(i, keyEnd);
        i = this.ws(keyEnd);
        if (text[i]! !== 58) return undefined;
        i = this.ws(i + 1);
        const c = text[i]!;
        if (c === 123) {
          const inner = this.object(i, [...path, key], depth + 1);
          if (inner === undefined) return undefined;
          members.set(key, inner.lists);
          i = inner.end;
        } else if (c === 91) {
          const list = this.list(i, [...path, key]);
          if (list === undefined) return undefined;
          members.set(key, [list.list]);
          i = list.end;
        } else {
          i = this.value(i);
          if (i < 0) return undefined;
          members.set(key, []);
        }
        i = this.ws(i);
        const d = text[i]!;
        if (d === 44) i = this.ws(i + 1);
        else if (d === 125) break;
        else return undefined;
      }
    const lists = jsOrder(members.keys()).flatMap((k) => members.get(k)!);
    return { lists, size: members.size, end: i + 1 };
  }

  /** A list at `start`: its elements' places, and whether they are rows. */
  private list(start: number, path: string[]): { list: JsonList; end: number } | undefined {
    const text = this.text;
    const starts = new IntList();
    const ends = new IntList();
    let count = 0;
    let objects = true;
    let uniform = true;
    this.firstAt = [];
    this.firstLen = [];
    let keys: string[] = [];
    let firstSet: Set<string> | undefined;
    this.marked = false;
    let i = this.ws(start + 1);
    if (text[i]! !== 93)
      for (;;) {
        starts.push(i);
        if (objects && text[i]! === 123) {
          const first = count === 0;
          const fast = first ? -1 : sameRow(text, i, this.firstAt, this.firstLen);
          if (fast >= 0) {
            i = fast;
            this.rowSame = true;
            if (!sameRowWasInert()) this.marked = true;
          } else i = this.row(i, first);
          if (i < 0) return undefined;
          if (first) {
            keys = jsOrder(new Set(this.rowKeys));
            firstSet = new Set(keys);
          } else if (uniform && !this.rowSame) {
            const set = new Set(this.rowKeys);
            uniform = set.size === firstSet!.size && [...set].every((key) => firstSet!.has(key));
          }
        } else {
          objects = false;
          uniform = false;
          i = this.value(i);
          if (i < 0) return undefined;
        }
        ends.push(i);
        count++;
        i = this.ws(i);
        const d = text[i]!;
        if (d === 44) i = this.ws(i + 1);
        else if (d === 93) break;
        else return undefined;
      }
    const clean =
      objects &&
      (count === 0 || !this.marked || !changedByScrub(text.toString('utf8', starts.view()[0], ends.view()[count - 1])));
    return {
      list: {
        path,
        count,
        objects,
        uniform: objects && uniform,
        keys: objects ? keys : [],
        starts: starts.view(),
        ends: ends.view(),
        clean:
          clean && !this.firstAt.some((at, m) => changedByScrub(text.toString('utf8', at, at + this.firstLen[m]!))),
      },
      end: i + 1,
    };
  }

  /**
   * A row (an object) at i → the index after it, or -1. Its keys are compared where they stand with the first
   * row's (`firstAt`, `firstLen`, taken from the first row); values are checked, never built. Unless they are the
   * first row's in its order (`rowSame`), `rowKeys` holds them all (always, for the first row).
   */
  private row(i: number, first: boolean): number {
    const text = this.text;
    const { firstAt, firstLen } = this;
    const own = this.rowKeys;
    // (Emptied only when it holds something: setting an array's length is a call into the runtime.)
    if (own.length > 0) own.length = 0;
    let k = 0;
    let same = !first;
    i = this.ws(i + 1);
    if (text[i]! !== 125)
      for (;;) {
        let keyEnd = -1;
        if (same && k < firstAt.length) {
          const at = firstAt[k]!;
          const len = firstLen[k]!;
          let j = 0;
          while (j < len && text[i + j]! === text[at + j]!) j++;
          if (j === len) keyEnd = i + len;
        }
        if (keyEnd < 0) {
          // The first row's keys are tested as written, once (list); another row's mark the list.
          const marked: boolean = this.marked;
          keyEnd = this.string(i);
          if (keyEnd < 0) return -1;
          if (first) {
            this.marked = marked;
            firstAt.push(i);
            firstLen.push(keyEnd - i);
          } else if (same) {
            // The keys so far were the first row's first k.
            same = false;
            for (let m = 0; m < k; m++) own.push(this.decode(firstAt[m]!, firstAt[m]! + firstLen[m]!));
          }
          own.push(this.decode(i, keyEnd));
        }
        k++;
        i = this.ws(keyEnd);
        if (text[i]! !== 58) return -1;
        i = this.value(this.ws(i + 1));
        if (i < 0) return -1;
        i = this.ws(i);
        const d = text[i]!;
        if (d === 44) i = this.ws(i + 1);
        else if (d === 125) break;
        else return -1;
      }
    this.rowSame = same && k === firstAt.length;
    // Fewer keys than the first row, all its first ones: the row's keys, to compare as a set.
    if (same && !this.rowSame)
      for (let m = 0; m < k; m++) own.push(this.decode(firstAt[m]!, firstAt[m]! + firstLen[m]!));
    return i + 1;
  }

  /** The key at [start, end) (its quotes included) as JSON.parse reads it. */
  private decode(start: number, end: number): string {
    const raw = this.text.toString('utf8', start + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  /** Any JSON value at `i` → the index after it, or -1 when it is not JSON. Nesting is followed without recursion. */
  private value(i: number): number {
    const text = this.text;
    const c = text[i]!;
    // A number or a string (most values) without the loop below.
    if (c === 45 || (c >= 48 && c <= 57)) return this.number(i);
    if (c === 34) return this.string(i);
    return this.nested(i);
  }

  private nested(i: number): number {
    const text = this.text;
    // 1 for an object, 0 for a list, per open level.
    const open: number[] = [];
    for (;;) {
      const c = text[i]!;
      if (c === 123 || c === 91) {
        i = this.ws(i + 1);
        if (text[i]! === (c === 123 ? 125 : 93)) i++;
        else {
          open.push(c === 123 ? 1 : 0);
          if (c === 123) {
            i = this.key(i);
            if (i < 0) return -1;
          }
          continue;
        }
      } else if (c === 34) {
        i = this.string(i);
        if (i < 0) return -1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        i = this.number(i);
        if (i < 0) return -1;
      } else if (c === 116 && text[i + 1] === 114 && text[i + 2] === 117 && text[i + 3] === 101) i += 4;
      else if (c === 102 && text[i + 1] === 97 && text[i + 2] === 108 && text[i + 3] === 115 && text[i + 4] === 101)
        i += 5;
      else if (c === 110 && text[i + 1] === 117 && text[i + 2] === 108 && text[i + 3] === 108) i += 4;
      else return -1;
      // After a value: the next member of the open level, or its end.
      for (;;) {
        const top = open.length - 1;
        if (top < 0) return i;
        i = this.ws(i);
        const d = text[i]!;
        if (d === 44) {
          i = this.ws(i + 1);
          if (open[top] === 1) {
            i = this.key(i);
            if (i < 0) return -1;
          }
          break;
        }
        if (d !== (open[top] === 1 ? 125 : 93)) return -1;
        open.pop();
        i++;
      }
    }
  }

  /** `"key":` at i → the start of its value. */
  private key(i: number): number {
    const end = this.string(i);
    if (end < 0) return -1;
    const colon = this.ws(end);
    return this.text[colon]! === 58 ? this.ws(colon + 1) : -1;
  }

  /** A string at i → the index after its closing quote, or -1. Notes a character that is not inert. */
  private string(i: number): number {
    const text = this.text;
    if (text[i]! !== 34) return -1;
    i++;
    for (;;) {
      const c = text[i++]!;
      if (c === 34) return i;
      if (c === 92) {
        const e = text[i++]!;
        if (e === 117) {
          for (let h = 0; h < 4; h++) if (!isHex(text[i++]!)) return -1;
        } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116)
          return -1;
        // An escape spells a character the streams may change: the text is tested.
        this.marked = true;
      } else if (!(c >= 32)) return -1;
      else if (!isInert(c)) this.marked = true;
    }
  }

  /** A number at i (JSON's grammar: no leading zeros, no `+`, digits on both sides of `.`) → the index after it. */
  private number(i: number): number {
    const text = this.text;
    if (text[i]! === 45) i++;
    const c = text[i]!;
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) i = digits(text, i + 1);
    else return -1;
    if (text[i]! === 46) {
      const from = i + 1;
      i = digits(text, from);
      if (i === from) return -1;
    }
    const e = text[i]!;
    if (e === 101 || e === 69) {
      i++;
      const s = text[i]!;
      if (s === 43 || s === 45) i++;
      const from = i;
      i = digits(text, from);
      if (i === from) return -1;
    }
    return i;
  }
}

function digits(text: Buffer, i: number): number {
  for (;;) {
    const c = text[i]!;
    if (c >= 48 && c <= 57) i++;
    else return i;
  }
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
