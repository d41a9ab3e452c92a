import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeMetric,
  decodeModelVersion,
  decodeRegisteredModel,
  decodeRun,
} from '../../src/core/tracking/mlflow/entities';
import { double, encodeDouble, int64, MlflowProtocolError } from '../../src/core/tracking/mlflow/wire';

test('non-finite doubles come as strings and decode to numbers', () => {
  assert.ok(Number.isNaN(double('NaN', 'v')));
  assert.equal(double('Infinity', 'v'), Infinity);
  assert.equal(double('-Infinity', 'v'), -Infinity);
  assert.equal(double('0.25', 'v'), 0.25);
  assert.equal(double(undefined, 'v'), 0);
  assert.throws(
    () => double('fast', 'metric.value'),
    (e: unknown) => e instanceof MlflowProtocolError && /metric\.value should be a number/.test(e.message),
  );
});

test('int64 fields may be decimal strings; omitted means 0', () => {
  assert.equal(int64('1795440101351', 't'), 1795440101351);
  assert.equal(int64(17, 't'), 17);
  assert.equal(int64(undefined, 't'), 0);
  assert.throws(() => int64('1.5', 't'), MlflowProtocolError);
  assert.throws(() => int64(1.5, 't'), MlflowProtocolError);
});

test('every double survives encode → JSON → decode', () => {
  fc.assert(
    fc.property(fc.double(), (n) => {
      const back = double(JSON.parse(JSON.stringify(encodeDouble(n))), 'v');
      assert.ok(Object.is(back, n) || (n === 0 && back === 0));
    }),
  );
});

test('a run with omitted arrays, defaults and int64 strings decodes fully', () => {
  const run = decodeRun({
    info: { run_uuid: 'abc', experiment_id: '3', start_time: '1700000000000', lifecycle_stage: 'active' },
    data: { metrics: [{ key: 'loss', value: 'NaN', timestamp: '5', step: '2' }] },
  });
  assert.equal(run.info.runId, 'abc');
  assert.equal(run.info.status, 'RUNNING');
  assert.equal(run.info.startTime, 1700000000000);
  assert.equal(run.info.endTime, undefined);
  assert.equal(run.info.runName, '');
  assert.deepEqual(run.params, {});
  assert.deepEqual(run.tags, {});
  assert.ok(Number.isNaN(run.metrics.loss!.value));
  assert.equal(run.metrics.loss!.step, 2);
  assert.equal(decodeRun({ info: { run_id: 'x', status: 'FINISHED', end_time: 9 } }).info.endTime, 9);
});

test('a response without a run id is refused with a message naming the field', () => {
  assert.throws(() => decodeRun({ info: {} }), /run\.info\.run_id is missing/);
  assert.throws(
    () => decodeRun({ info: { run_id: 'x' }, data: { params: {} } }),
    /run\.data\.params should be an array/,
  );
});

test('metric step defaults to 0 when omitted', () => {
  assert.deepEqual(decodeMetric({ key: 'acc', value: 0.5, timestamp: 1 }), {
    key: 'acc',
    value: 0.5,
    timestamp: 1,
    step: 0,
  });
});

test('model versions and registered models: numbers as strings, aliases both ways, stage default', () => {
  const mv = decodeModelVersion({ name: 'm', version: 3, creation_timestamp: '10', tags: [{ key: 'a', value: 'b' }] });
  assert.equal(mv.version, '3');
  assert.equal(mv.currentStage, 'None');
  assert.deepEqual(mv.aliases, []);
  assert.deepEqual(mv.tags, { a: 'b' });
  const rm = decodeRegisteredModel({
    name: 'm',
    aliases: [
      { alias: 'champion', version: '2' },
      { alias: 'prod', version: 1 },
    ],
  });
  assert.deepEqual(rm.aliases, { champion: '2', prod: '1' });
  assert.deepEqual(rm.latestVersions, []);
});
