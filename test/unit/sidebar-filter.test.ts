import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilterInput } from '../../src/extension/sidebar/filter-input';

test('bare keys are metrics; MLflow syntax passes through; words search names', () => {
  assert.deepEqual(parseFilterInput('accuracy > 0.9').filter?.conditions, [
    { kind: 'metric', key: 'accuracy', op: '>', value: 0.9 },
  ]);
  assert.deepEqual(parseFilterInput("params.lr = '0.1' and loss <= 2").filter?.conditions, [
    { kind: 'param', key: 'lr', op: '=', value: '0.1' },
    { kind: 'metric', key: 'loss', op: '<=', value: 2 },
  ]);
  assert.deepEqual(parseFilterInput('baseline').filter, { text: 'baseline' });
  assert.deepEqual(parseFilterInput('  ').filter, {});
});

test('a broken condition is an error with its column, not a silent name search', () => {
  const r = parseFilterInput('accuracy > high');
  assert.ok(r.error && /column/.test(r.error), r.error);
});
