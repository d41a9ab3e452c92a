// The server's validation throttle and settings reader (pure parts of src/server), with node's mock timers.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle } from '../../src/server/scheduler';
import { readSettings } from '../../src/server/settings';

test('throttle: a lone request runs at once; a burst inside the window runs once more, at its end', () => {
  mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
  try {
    const runs: string[] = [];
    const t = new Throttle<string>(150, (k) => runs.push(k));
    t.request('a');
    t.request('a');
    mock.timers.tick(0);
    assert.deepEqual(runs, ['a'], 'requests of one batch run once, right away');
    t.request('a');
    t.request('a');
    t.request('b');
    mock.timers.tick(0);
    assert.deepEqual(runs, ['a', 'b'], 'inside a\'s window only other keys run');
    mock.timers.tick(150);
    mock.timers.tick(0);
    assert.deepEqual(runs, ['a', 'b', 'a'], 'the burst ran once at the end of the window');
    mock.timers.tick(150);
    mock.timers.tick(0);
    assert.deepEqual(runs, ['a', 'b', 'a'], 'nothing pending, nothing runs');
    t.dispose();
  } finally {
    mock.timers.reset();
  }
});

test('settings: valid overrides kept, wrong ones reported with how to fix them', () => {
  assert.deepEqual(readSettings({ diagnostics: { severity: { 'unknown-key': 'warning', 'missing-dependency': 'off', x: 'loud', y: 3 } } }), {
    settings: { severity: { 'unknown-key': 'warning', 'missing-dependency': 'off' } },
    problems: [
      'mlops.diagnostics.severity["x"] is "loud"; use one of off, hint, information, warning, error.',
      'mlops.diagnostics.severity["y"] is 3; use one of off, hint, information, warning, error.',
    ],
  });
  assert.deepEqual(readSettings(undefined), { settings: { severity: {} }, problems: [] });
  assert.deepEqual(readSettings({ diagnostics: { severity: ['off'] } }).problems, ['mlops.diagnostics.severity must be an object mapping diagnostic codes to a severity.']);
});
