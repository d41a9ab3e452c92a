// The server's settings reader: `mlops.diagnostics.severity` as the client sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings } from '../../src/server/settings';

test('settings: valid overrides kept, wrong ones reported with how to fix them', () => {
  assert.deepEqual(
    readSettings({
      diagnostics: { severity: { 'unknown-key': 'warning', 'missing-dependency': 'off', x: 'loud', y: 3 } },
    }),
    {
      settings: { severity: { 'unknown-key': 'warning', 'missing-dependency': 'off' } },
      problems: [
        'mlops.diagnostics.severity["x"] is "loud"; use one of off, hint, information, warning, error.',
        'mlops.diagnostics.severity["y"] is 3; use one of off, hint, information, warning, error.',
      ],
    },
  );
  assert.deepEqual(readSettings(undefined), { settings: { severity: {} }, problems: [] });
  assert.deepEqual(readSettings({ diagnostics: { severity: ['off'] } }).problems, [
    'mlops.diagnostics.severity must be an object mapping diagnostic codes to a severity.',
  ]);
});
