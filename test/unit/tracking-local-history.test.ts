// One metric's history read from a run log, a page at a time: which lines count as the metric's points (its own
// key only, hand-written lines as JSON reads them), where a page ends and the next begins, and which page sizes
// and tokens are refused with a message that says how to fix the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackingError } from '../../src/core/tracking/errors';
import { historyPageSize, readHistory } from '../../src/core/tracking/local/history';
import { metricLine } from '../../src/core/tracking/local/records';

const dir = fs.mkdtempSync(join(tmpdir(), 'mlops-history-'));
let n = 0;
function logWith(lines: string[]): string {
  const f = join(dir, `log-${n++}.jsonl`);
  fs.writeFileSync(f, lines.map((l) => `${l}\n`).join(''));
  return f;
}

const invalid = (message: string) => (err: unknown) =>
  err instanceof TrackingError && err.code === 'invalid-argument' && err.message === message;

test('a page size is an integer from 1 to 1,000,000 (25,000 when not given); others are refused with the range', () => {
  assert.equal(historyPageSize(undefined), 25_000);
  assert.equal(historyPageSize(1), 1);
  assert.equal(historyPageSize(1_000_000), 1_000_000);
  for (const bad of [0, -1, 1_000_001, 2.5, NaN]) {
    assert.throws(
      () => historyPageSize(bad),
      invalid(`history page size ${bad} is out of range: use an integer from 1 to 1000000`),
      String(bad),
    );
  }
});

test("only the key's own points are read: other keys, keys it is a prefix of, and other records are skipped", async () => {
  const log = logWith([
    JSON.stringify({ t: 'run', id: 'x' }),
    metricLine('loss', 1, 0, 10),
    metricLine('loss2', 9, 0, 10),
    metricLine('los', 8, 0, 10),
    '{"t":"m","k":"loss"}', // as long as the key's prefix: too short to be a point
    '{"t":"m","k":"loss",', // the prefix alone
    '{}',
    metricLine('loss', NaN, 1, 11),
  ]);
  const page = await readHistory(log, 'loss', 10, undefined);
  assert.equal(page.items.length, 2);
  assert.deepEqual(page.items[0], { step: 0, value: 1, timestamp: 10 });
  assert.deepEqual({ ...page.items[1], value: String(page.items[1]!.value) }, { step: 1, value: 'NaN', timestamp: 11 });
  assert.equal(page.nextPageToken, undefined);
});

test('a line shorter than the key ending at the edge of a read chunk (128 KiB) is skipped, not compared past its end', async () => {
  const before = 128 * 1024 - 3; // '{}' then its newline end exactly at the chunk's last byte
  const pad = JSON.stringify({ t: 'x', pad: '' }).length;
  const filler = JSON.stringify({ t: 'x', pad: 'p'.repeat(before - pad - 1) });
  const log = logWith([filler, '{}', metricLine('loss', 3, 1, 2)]);
  assert.equal(fs.readFileSync(log).indexOf('{}\n'), before);
  assert.deepEqual((await readHistory(log, 'loss', 10, undefined)).items, [{ step: 1, value: 3, timestamp: 2 }]);
});

test('a hand-written point (fields in another order, spaces) is read as JSON reads it; one naming another key last is not', async () => {
  const log = logWith([
    '{"t":"m","k":"loss","s":3,"v":0.5,"ts":7}',
    '{"t":"m","k":"loss", "v": 2, "s": 4, "ts": 8}',
    '{"t":"m","k":"loss","v":1,"s":5,"ts":9,"k":"acc"}', // JSON keeps the last "k"
    '{"t":"m","k":"loss","v":1,"s":6}', // no timestamp: not a point
  ]);
  assert.deepEqual((await readHistory(log, 'loss', 10, undefined)).items, [
    { step: 3, value: 0.5, timestamp: 7 },
    { step: 4, value: 2, timestamp: 8 },
  ]);
});

test('pages: each holds at most the page size, and the token resumes exactly after the last point given', async () => {
  const lines: string[] = [];
  for (let s = 0; s < 7; s++) lines.push(metricLine('loss', s / 2, s, 100 + s), metricLine('acc', s, s, 100 + s));
  const log = logWith(lines);
  const steps: number[][] = [];
  let token: string | undefined;
  do {
    const page = await readHistory(log, 'loss', 3, token);
    steps.push(page.items.map((p) => p.step));
    token = page.nextPageToken;
  } while (token !== undefined);
  assert.deepEqual(steps, [[0, 1, 2], [3, 4, 5], [6]]);
  // A page that ends exactly at the last point has no next page.
  const exact = await readHistory(log, 'acc', 7, undefined);
  assert.equal(exact.items.length, 7);
  assert.equal(exact.nextPageToken, undefined);
});

test('a token that is not one this reader issued is refused, and says to start again without one', async () => {
  const log = logWith([metricLine('loss', 1, 0, 10)]);
  for (const raw of ['h:12x', 'xh:12', 'h:', 'i:12', 'h:-1']) {
    const token = Buffer.from(raw).toString('base64url');
    await assert.rejects(
      readHistory(log, 'loss', 10, token),
      invalid(`page token '${token}' is not a metric-history token of this store; start again without one`),
      raw,
    );
  }
  const start = Buffer.from('h:0').toString('base64url');
  assert.equal((await readHistory(log, 'loss', 10, start)).items.length, 1);
});
