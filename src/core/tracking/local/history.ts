// Reading one metric's history from a run log, a page at a time. Lines of other keys and other records
// are skipped by comparing their first bytes, without decoding them.
import { TrackingError } from '../errors';
import type { HistoryPoint, Page } from '../types';
import { scanLines } from './jsonl';
import { decodeNumber, metricLinePrefix, parseMetricTail, parseRecord } from './records';

/** Histories are long and points small: pages go up to a million points. */
export function historyPageSize(requested: number | undefined): number {
  if (requested === undefined) return 25_000;
  if (!Number.isInteger(requested) || requested < 1 || requested > 1_000_000) {
    throw new TrackingError(
      'invalid-argument',
      `history page size ${requested} is out of range: use an integer from 1 to 1000000`,
    );
  }
  return requested;
}

export async function readHistory(
  log: string,
  key: string,
  size: number,
  token: string | undefined,
): Promise<Page<HistoryPoint>> {
  const prefix = Buffer.from(metricLinePrefix(key));
  const items: HistoryPoint[] = [];
  let full = false;
  const stop = await scanLines(log, decodeToken(token), (buf, start, end) => {
    if (end - start <= prefix.length || buf.compare(prefix, 0, prefix.length, start, start + prefix.length) !== 0)
      return true;
    if (items.length === size) {
      full = true;
      return false; // there is at least one more point: the next page starts here
    }
    const fast = parseMetricTail(buf, start + prefix.length, end);
    if (fast) items.push({ step: fast[1], value: decodeNumber(fast[0]), timestamp: fast[2] });
    else {
      const rec = parseRecord(buf, start, end); // hand-written or torn: JSON decides
      if (rec?.t === 'm' && rec.k === key) items.push({ step: rec.s, value: decodeNumber(rec.v), timestamp: rec.ts });
    }
    return true;
  });
  return full ? { items, nextPageToken: Buffer.from(`h:${stop}`).toString('base64url') } : { items };
}

function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^h:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m)
    throw new TrackingError(
      'invalid-argument',
      `page token '${token}' is not a metric-history token of this store; start again without one`,
    );
  return Number(m[1]);
}
