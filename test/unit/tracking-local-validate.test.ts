// What the local store refuses from its callers, and the message each refusal gives: what is wrong, where (which
// key, point or stage), and how to fix it. Each check is called directly; the store calls them before any write
// (tracking-local-store.test.ts shows a refused call leaves the run as it was).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrackingError } from '../../src/core/tracking/errors';
import type { MetricPoint, RunOutput, RunUpdate, StageRecord } from '../../src/core/tracking/types';
import {
  checkOutputs,
  checkPoints,
  checkStage,
  checkStringMap,
  checkUpdate,
} from '../../src/core/tracking/local/validate';

/** Runs `f`, which must throw an invalid-argument TrackingError whose message is exactly `message`. */
function refuses(f: () => void, message: string): void {
  assert.throws(f, (err: unknown) => {
    assert.ok(err instanceof TrackingError, String(err));
    assert.equal(err.code, 'invalid-argument');
    assert.equal(err.message, message);
    return true;
  });
}

const point: MetricPoint = { key: 'loss', value: 0.5, step: 1, timestamp: 1_700_000_000_000 };

test('params and tags: an empty key, or a value that is not a string, is refused with the key named', () => {
  checkStringMap('param', { lr: '0.1', bs: '' });
  checkStringMap('tag', {});
  refuses(() => checkStringMap('param', { lr: '0.1', '': 'x' }), 'param keys must not be empty');
  refuses(() => checkStringMap('tag', { '': 'x' }), 'tag keys must not be empty');
  refuses(
    () => checkStringMap('param', { lr: '0.1', epochs: 10 as unknown as string }),
    "param 'epochs': value must be a string, got number (convert it with String())",
  );
  refuses(
    () => checkStringMap('tag', { owner: null as unknown as string }),
    "tag 'owner': value must be a string, got object (convert it with String())",
  );
});

test('metric points: each refusal names the point by index and key, and what its field must be', () => {
  checkPoints([point, { ...point, value: NaN, step: -3 }]);
  checkPoints([]);
  refuses(() => checkPoints([point, { ...point, key: '' }]), "metric point 1 (''): key must be a non-empty string");
  refuses(
    () => checkPoints([{ ...point, key: 7 as unknown as string }]),
    'metric point 0: key must be a non-empty string',
  );
  refuses(
    () => checkPoints([{ ...point, value: '0.5' as unknown as number }]),
    `metric point 0 ('loss'): value must be a number, got "0.5"`,
  );
  refuses(() => checkPoints([{ ...point, step: 1.5 }]), "metric point 0 ('loss'): step must be an integer, got 1.5");
  refuses(
    () => checkPoints([point, point, { ...point, timestamp: 1.7e9 + 0.5 }]),
    "metric point 2 ('loss'): timestamp must be integer ms since the epoch, got 1700000000.5",
  );
});

test('a status update: RUNNING needs nothing else; an end needs a known status and an integer end time', () => {
  checkUpdate({ status: 'RUNNING' });
  checkUpdate({ status: 'RUNNING', endTime: 'ignored' } as unknown as RunUpdate);
  for (const status of ['FINISHED', 'FAILED', 'KILLED'] as const) checkUpdate({ status, endTime: 5 });
  refuses(
    () => checkUpdate({ status: 'DONE', endTime: 5 } as unknown as RunUpdate),
    "unknown run status 'DONE': use RUNNING, FINISHED, FAILED or KILLED",
  );
  refuses(
    () => checkUpdate({ status: 'FAILED' } as unknown as RunUpdate),
    'status FAILED needs an end time in integer ms since the epoch, got undefined',
  );
  refuses(
    () => checkUpdate({ status: 'KILLED', endTime: 2.5 }),
    'status KILLED needs an end time in integer ms since the epoch, got 2.5',
  );
});

test('outputs: each needs a non-empty path and its md5', () => {
  checkOutputs([{ path: 'model.pkl', md5: 'abc' } as RunOutput]);
  checkOutputs([]);
  const ok = { path: 'a', md5: 'x' } as RunOutput;
  refuses(() => checkOutputs([ok, { md5: 'x' } as RunOutput]), 'an output needs a non-empty path');
  refuses(() => checkOutputs([{ path: '', md5: 'x' } as RunOutput]), 'an output needs a non-empty path');
  refuses(() => checkOutputs([ok, { path: 'b.bin', md5: '' } as RunOutput]), "output 'b.bin' needs its md5 hash");
  refuses(() => checkOutputs([{ path: 'c', md5: 5 } as unknown as RunOutput]), "output 'c' needs its md5 hash");
});

const stage = (s: Record<string, unknown>) =>
  ({ name: 'train', startTime: 1, status: 'RUNNING', ...s }) as unknown as StageRecord;

test('a stage record: a name and an integer start; BLOCKED needs its reasons, an ended stage its end and duration', () => {
  checkStage(stage({}));
  checkStage(stage({ status: 'BLOCKED', reasons: [] }));
  checkStage(stage({ status: 'BLOCKED', reasons: ['upstream prepare failed'] }));
  checkStage(stage({ status: 'FINISHED', endTime: 3, durationMs: 2 }));
  refuses(() => checkStage(stage({ name: '' })), 'a stage record needs a non-empty name');
  refuses(() => checkStage(stage({ name: 3 as unknown as string })), 'a stage record needs a non-empty name');
  refuses(() => checkStage(stage({ startTime: 1.5 })), "stage 'train': startTime must be integer ms since the epoch");
  const blocked = "stage 'train' is BLOCKED: it needs its reasons (a list of strings)";
  refuses(() => checkStage(stage({ status: 'BLOCKED' })), blocked);
  refuses(() => checkStage(stage({ status: 'BLOCKED', reasons: ['a', 2] })), blocked);
  refuses(() => checkStage(stage({ status: 'BLOCKED', reasons: [2, 'a'] })), blocked);
  const ended = "stage 'train' is FAILED: it needs endTime and durationMs";
  refuses(() => checkStage(stage({ status: 'FAILED', durationMs: 2 })), ended);
  refuses(() => checkStage(stage({ status: 'FAILED', endTime: 3 })), ended);
  refuses(() => checkStage(stage({ status: 'FAILED', endTime: 3, durationMs: Infinity })), ended);
});
