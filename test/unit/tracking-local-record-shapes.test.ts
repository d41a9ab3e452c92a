// What the local store's log reader accepts as a record, field by field. A run log can hold hand-edited or foreign
// lines; each must be either a whole record of its kind or skipped, never half-read, and never throw. The metric
// fast path (parseMetricLine/parseMetricTail) must refuse every line the JSON path would refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asRecord,
  decodeNumber,
  encodeNumber,
  metricLine,
  parseMetricTail,
  parseRecord,
} from '../../src/core/tracking/local/records';

const parse = (text: string) => {
  const buf = Buffer.from(text, 'utf8');
  return parseRecord(buf, 0, buf.length);
};
const tail = (text: string) => {
  const buf = Buffer.from(text, 'utf8');
  return parseMetricTail(buf, 0, buf.length);
};

test('NaN and the infinities are written as the strings MLflow uses, and read back as numbers', () => {
  assert.equal(encodeNumber(0.25), 0.25);
  assert.equal(encodeNumber(-3), -3);
  assert.equal(encodeNumber(NaN), 'NaN');
  assert.equal(encodeNumber(Infinity), 'Infinity');
  assert.equal(encodeNumber(-Infinity), '-Infinity');
  assert.ok(Number.isNaN(decodeNumber('NaN')));
  assert.equal(decodeNumber('Infinity'), Infinity);
  assert.equal(decodeNumber('-Infinity'), -Infinity);
  assert.equal(decodeNumber(7), 7);
  assert.equal(metricLine('x', -Infinity, 1, 2), '{"t":"m","k":"x","v":"-Infinity","s":1,"ts":2}');
});

test('a value that is not an object (null, an array, a string, a number) is no record, and does not throw', () => {
  for (const v of [null, undefined, [], [{ t: 'm' }], 'run', 5, true]) assert.equal(asRecord(v), undefined);
  assert.equal(asRecord({ t: 'unknown-kind' }), undefined);
  assert.equal(asRecord({}), undefined);
});

const metric = { t: 'm', k: 'loss', v: 0.5, s: 1, ts: 2 };
test('a metric record needs a string key, an encoded number, and finite numeric step and timestamp', () => {
  assert.deepEqual(asRecord(metric), metric);
  assert.deepEqual(asRecord({ ...metric, v: 'NaN' }), { ...metric, v: 'NaN' });
  assert.deepEqual(asRecord({ ...metric, v: '-Infinity' }), { ...metric, v: '-Infinity' });
  for (const bad of [
    { ...metric, k: 5 },
    { ...metric, v: 'abc' },
    { ...metric, v: '1' },
    { ...metric, v: null },
    { ...metric, s: '1' },
    { ...metric, s: Infinity },
    { ...metric, s: NaN },
    { ...metric, ts: '2' },
    { ...metric, ts: undefined },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
});

const run = { t: 'run', id: 'a'.repeat(32), experimentId: 'e', name: 'n', startTime: 1, git: null, tags: { a: 'b' } };
test('a run record needs string id, experiment and name, a numeric start, git null or an object, and string tags', () => {
  assert.deepEqual(asRecord(run), run);
  assert.deepEqual(asRecord({ ...run, git: { commit: 'c' } }), { ...run, git: { commit: 'c' } });
  for (const bad of [
    { ...run, id: 1 },
    { ...run, experimentId: null },
    { ...run, name: 3 },
    { ...run, startTime: '1' },
    { ...run, git: 'main' },
    { ...run, git: undefined },
    { ...run, tags: 'abc' },
    { ...run, tags: ['x'] },
    { ...run, tags: null },
    { ...run, tags: { a: 1 } },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
});

test('a RUNNING status record is read without an end time, and anything else it carries is dropped', () => {
  assert.deepEqual(asRecord({ t: 'status', status: 'RUNNING' }), { t: 'status', status: 'RUNNING' });
  assert.deepEqual(asRecord({ t: 'status', status: 'RUNNING', endTime: 5, x: 1 }), { t: 'status', status: 'RUNNING' });
});

test('a terminal status record needs a known status and a numeric end time', () => {
  for (const status of ['FINISHED', 'FAILED', 'KILLED']) {
    assert.deepEqual(asRecord({ t: 'status', status, endTime: 5 }), { t: 'status', status, endTime: 5 });
  }
  for (const bad of [
    { t: 'status', status: 'DONE', endTime: 5 },
    { t: 'status', status: 5, endTime: 5 },
    { t: 'status', status: 'FINISHED' },
    { t: 'status', status: 'FAILED', endTime: '5' },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
});

test('params and tags records need maps of strings; a name record needs a non-empty string', () => {
  assert.deepEqual(asRecord({ t: 'params', params: { lr: '0.1' } }), { t: 'params', params: { lr: '0.1' } });
  assert.deepEqual(asRecord({ t: 'tags', tags: {} }), { t: 'tags', tags: {} });
  for (const bad of [
    { t: 'params', params: { lr: 0.1 } },
    { t: 'params', params: ['0.1'] },
    { t: 'tags', tags: 'x' },
    { t: 'tags' },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(asRecord({ t: 'name', name: 'best', extra: 1 }), { t: 'name', name: 'best' });
  assert.equal(asRecord({ t: 'name', name: '' }), undefined);
  assert.equal(asRecord({ t: 'name', name: 7 }), undefined);
});

test('an outputs record needs a list of objects that each have a path; a stage record an object with a name', () => {
  const outputs = { t: 'outputs', outputs: [{ path: 'model.pkl', md5: 'x' }] };
  assert.deepEqual(asRecord(outputs), outputs);
  assert.deepEqual(asRecord({ t: 'outputs', outputs: [] }), { t: 'outputs', outputs: [] });
  for (const bad of [
    { t: 'outputs', outputs: { path: 'a' } },
    { t: 'outputs', outputs: [{ path: 'a' }, 5] },
    { t: 'outputs', outputs: [{ path: 'a' }, {}] },
    { t: 'outputs', outputs: [null] },
    { t: 'outputs', outputs: [{ path: 1 }] },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
  const stage = { t: 'stage', stage: { name: 'train', status: 'RUNNING' } };
  assert.deepEqual(asRecord(stage), stage);
  for (const bad of [
    { t: 'stage', stage: {} },
    { t: 'stage', stage: { name: 1 } },
    { t: 'stage', stage: null },
  ]) {
    assert.equal(asRecord(bad), undefined, JSON.stringify(bad));
  }
});

test('a lifecycle record needs active or deleted and a numeric time', () => {
  for (const lifecycle of ['active', 'deleted']) {
    assert.deepEqual(asRecord({ t: 'lifecycle', lifecycle, time: 3 }), { t: 'lifecycle', lifecycle, time: 3 });
  }
  assert.equal(asRecord({ t: 'lifecycle', lifecycle: 'archived', time: 3 }), undefined);
  assert.equal(asRecord({ t: 'lifecycle', lifecycle: 'deleted' }), undefined);
});

test('the metric fast path refuses what JSON refuses: another kind, a missing, renamed or empty field, a stray byte', () => {
  for (const line of [
    '{"t":"x","k":"a","v":1,"s":2,"ts":3}', // another kind with a metric's shape
    '{"t":"m","k":"a","v":1,"x":2,"ts":3}', // step renamed
    '{"t":"m","k":"a","v":1,"s":2,"tx":3}', // timestamp renamed
    '{"t":"m","k":"a","v":1,"s":,"ts":3}', // step empty
    '{"t":"m","k":"a","v":1,"s":2,"ts":}', // timestamp empty
    '{"t":"m","k":"a","v":1,"s":2,"ts":3x}', // a stray byte before the brace
    '{"t":"m","k":"a","v":,"s":2,"ts":3}', // value empty
    '{"t":"m","k":"a","v":abc,"s":2,"ts":3}', // value not a number
    '{"t":"m","k":"a","v":"abc","s":2,"ts":3}', // value a string that is no encoded number
    '{"t":"m","k":"a","v":"NaN,"s":2,"ts":3}', // an unclosed string
    '{"t":"m","k":"a"', // no value at all
  ]) {
    assert.equal(parse(line), undefined, line);
  }
  assert.deepEqual(parse('{"t":"m","k":"a","v":"Infinity","s":2,"ts":3}'), {
    t: 'm',
    k: 'a',
    v: 'Infinity',
    s: 2,
    ts: 3,
  });
  assert.deepEqual(parse('{"t":"m","k":"","v":-1.5e-7,"s":-2,"ts":3}'), { t: 'm', k: '', v: -1.5e-7, s: -2, ts: 3 });
});

test('a metric line cut anywhere, with nothing after it in the buffer, is no record', () => {
  const line = metricLine('loss', 12.5, 3, 1700000000000);
  for (let n = 0; n < line.length; n++) assert.equal(parse(line.slice(0, n)), undefined, line.slice(0, n));
});

test('the tail reader (history scans use it after the key) reads the value, step and timestamp, or nothing', () => {
  assert.deepEqual(tail('"v":0.5,"s":1,"ts":2}'), [0.5, 1, 2]);
  assert.deepEqual(tail('"v":"NaN","s":1,"ts":2}'), ['NaN', 1, 2]);
  assert.deepEqual(tail('"v":"-Infinity","s":-1,"ts":2}'), ['-Infinity', -1, 2]);
  assert.equal(tail('"w":5,"s":1,"ts":2}'), undefined); // value renamed
  assert.equal(tail('"v":"Nan","s":1,"ts":2}'), undefined);
  assert.equal(tail('"v":1,"s":1,"ts":2'), undefined); // no closing brace
});
