// The latest value of each metric a running experiment's run received, as its queue entry keeps it for the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatestMetrics } from '../../src/core/experiments/entry-run';

const at = (key: string, value: number, step: number) => ({ key, value, step, timestamp: 0 });

test('the newest step wins, an older step arriving late does not, non-finite values are left out', () => {
  const m = new LatestMetrics();
  assert.equal(m.add([at('loss', 0.9, 1), at('loss', 0.7, 2)]), true);
  assert.deepEqual(m.values(), { loss: 0.7 });
  assert.equal(m.add([at('loss', 0.8, 1)]), false, 'a late point of an earlier step');
  assert.equal(m.add([at('loss', 0.7, 2)]), false, 'the same value again changes nothing shown');
  assert.equal(m.add([at('loss', 0.6, 2), at('acc', Number.NaN, 2)]), true, 'a later point of the same step');
  assert.deepEqual(m.values(), { loss: 0.6 });
});
