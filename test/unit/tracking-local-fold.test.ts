// The local store's two lowest layers, at the edges mutation testing found untested: the line scanner of its
// JSON-lines files (empty lines, torn lines, a file that grows while it is read, descriptors closed, errors other
// than a missing file) and the fold of a run's records (MLflow's rule for a metric's latest value, outputs and
// status replaced, the view a search reads an index entry through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRecord, type RunSnap, snapView, startSnap } from '../../src/core/tracking/local/fold';
import { appendLines, appendRaw, readJsonLines, scanLines } from '../../src/core/tracking/local/jsonl';
import type { LogRecord } from '../../src/core/tracking/local/records';

const tmp = () => mkdtempSync(join(tmpdir(), 'mlops-local-fold-'));

test('appendLines writes one block opened and closed by a newline; nothing for no lines; appendRaw as given', () => {
  const dir = tmp();
  const log = join(dir, 'log.jsonl');
  appendLines(log, [], true);
  assert.equal(existsSync(log), false, 'no lines: no file');
  appendLines(log, ['{"a":1}', '{"b":2}'], true);
  assert.equal(readFileSync(log, 'utf8'), '\n{"a":1}\n{"b":2}\n');
  appendRaw(join(dir, 'stage.log'), 'out\r\n');
  appendRaw(join(dir, 'stage.log'), 'more');
  assert.equal(readFileSync(join(dir, 'stage.log'), 'utf8'), 'out\r\nmore');
});

test('readJsonLines: empty lines are skipped, an unparsable complete line is counted torn, a partial last line waits', async () => {
  const log = join(tmp(), 'log.jsonl');
  writeFileSync(log, '\n\n{"a":1}\n{"b":\n\n{"c":3}\n{"d"');
  const r = await readJsonLines(log);
  assert.deepEqual(r.values, [{ a: 1 }, { c: 3 }]);
  assert.equal(r.torn, 1);
  assert.equal(r.end, Buffer.byteLength('\n\n{"a":1}\n{"b":\n\n{"c":3}\n'));
});

test('scanLines reads a line the file grew by while it was being read, longer than its first buffer', async () => {
  const log = join(tmp(), 'log.jsonl');
  writeFileSync(log, 'first\n');
  const long = 'x'.repeat(10_000);
  const seen: string[] = [];
  const end = await scanLines(log, 0, (buf, start, stop) => {
    const line = buf.toString('utf8', start, stop);
    if (line === 'first') appendFileSync(log, `${long}\nlast\n`);
    seen.push(line.length > 20 ? `${line.length} chars` : line);
    return true;
  });
  assert.deepEqual(seen, ['first', '10000 chars', 'last']);
  assert.equal(end, 6 + 10_001 + 5);
});

test('the scanner and writers close every descriptor; only a missing file reads as empty', async () => {
  const dir = tmp();
  const log = join(dir, 'log.jsonl');
  // The descriptors open on files of this test's folder: a count of all of them also moved when a previous test's
  // stream closed late (CI saw 33 then 32).
  const openHere = (): string[] =>
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith(dir) ? [target] : [];
      } catch {
        return [];
      }
    });
  for (let i = 0; i < 20; i++) {
    appendLines(log, [`{"i":${i}}`], true);
    appendRaw(join(dir, 'raw.log'), 'x');
    await readJsonLines(log);
  }
  assert.deepEqual(openHere(), []);
  assert.deepEqual(await readJsonLines(join(dir, 'missing.jsonl')), { values: [], end: 0, torn: 0 });
  await assert.rejects(
    scanLines(join(log, 'below-a-file'), 0, () => true),
    /ENOTDIR/,
  );
});

const RUN: LogRecord = { t: 'run', id: 'r', experimentId: '0', name: 'n', startTime: 1, git: null, tags: { k: 'v' } };

function fold(records: LogRecord[]): RunSnap {
  const snap = startSnap(RUN);
  assert.ok(snap);
  for (const r of records) applyRecord(snap, r);
  return snap;
}

const m = (v: number | 'NaN', s: number, ts: number): LogRecord => ({ t: 'm', k: 'loss', v, s, ts });

test("a metric's latest value is MLflow's: highest step, then timestamp, then value; NaN lowest; in any order", () => {
  const cases: [LogRecord[], [number | 'NaN', number, number]][] = [
    [
      [m(1, 2, 0), m(2, 1, 9)],
      [1, 2, 0],
    ],
    [
      [m(2, 1, 9), m(1, 2, 0)],
      [1, 2, 0],
    ],
    [
      [m(1, 1, 5), m(2, 1, 4)],
      [1, 1, 5],
    ],
    [
      [m(2, 1, 4), m(1, 1, 5)],
      [1, 1, 5],
    ],
    [
      [m(1, 1, 1), m(3, 1, 1)],
      [3, 1, 1],
    ],
    [
      [m(3, 1, 1), m(1, 1, 1)],
      [3, 1, 1],
    ],
    [
      [m('NaN', 1, 1), m(0, 1, 1)],
      [0, 1, 1],
    ],
    [
      [m(0, 1, 1), m('NaN', 1, 1)],
      [0, 1, 1],
    ],
    [
      [m(2, 1, 1), m(2, 1, 1)],
      [2, 1, 1],
    ],
  ];
  for (const [records, latest] of cases) assert.deepEqual(fold(records).latest.loss, latest, JSON.stringify(records));
});

test('the fold: a run record starts it (tags copied), status, outputs and stages replace by key', () => {
  assert.equal(startSnap({ t: 'name', name: 'x' }), undefined);
  const snap = fold([
    { t: 'status', status: 'FINISHED', endTime: 7 },
    {
      t: 'outputs',
      outputs: [
        { path: 'a', md5: '1' },
        { path: 'b', md5: '2' },
      ],
    },
    { t: 'outputs', outputs: [{ path: 'b', md5: '3' }] },
    { t: 'run', id: 'other', experimentId: '1', name: 'o', startTime: 2, git: null, tags: {} },
  ]);
  assert.deepEqual(snap.tags, { k: 'v' });
  assert.notEqual(snap.tags, (RUN as { tags: object }).tags, 'a copy, not the record itself');
  assert.deepEqual(snap.state, { status: 'FINISHED', endTime: 7 });
  assert.deepEqual(snap.outputs, [
    { path: 'a', md5: '1' },
    { path: 'b', md5: '3' },
  ]);
  assert.equal(snap.id, 'r', 'a second run record changes nothing');
  applyRecord(snap, { t: 'status', status: 'RUNNING' });
  assert.deepEqual(snap.state, { status: 'RUNNING', endTime: null });
});

test('a search reads an index entry through snapView: metric, param, tag, status and end time', () => {
  const snap = fold([
    m(0.5, 1, 1),
    { t: 'params', params: { lr: '0.1' } },
    { t: 'tags', tags: { team: 'a' } },
    { t: 'status', status: 'FAILED', endTime: 9 },
  ]);
  assert.equal(snapView.metric(snap, 'loss'), 0.5);
  assert.equal(snapView.metric(snap, 'acc'), undefined);
  assert.equal(snapView.param(snap, 'lr'), '0.1');
  assert.equal(snapView.tag(snap, 'team'), 'a');
  assert.equal(snapView.status(snap), 'FAILED');
  assert.equal(snapView.endTime(snap), 9);
  assert.equal(fold([m('NaN', 1, 1)]).latest.loss?.[0], 'NaN');
  assert.ok(Number.isNaN(snapView.metric(fold([m('NaN', 1, 1)]), 'loss')));
});
