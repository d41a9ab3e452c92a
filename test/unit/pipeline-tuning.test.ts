// tuning.ts: per-code severity overrides and `# mlops-disable-next-line` comments.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics';
import { applyTuning, isSeverityOverride, suppressions } from '../../src/core/pipeline/tuning';

const at = (line: number, code: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  code,
  severity,
  message: code,
  range: { start: { line, character: 4 }, end: { line, character: 8 } },
});

test('a comment with codes suppresses only those codes on the next line', () => {
  const text = 'a:\n  # mlops-disable-next-line unknown-key, invalid-type\n  b: 1\n  c: 2\n';
  const out = applyTuning(
    [at(2, 'unknown-key'), at(2, 'invalid-type'), at(2, 'duplicate-key'), at(3, 'unknown-key')],
    text,
  );
  assert.deepEqual(
    out.map((d) => `${d.range.start.line}:${d.code}`),
    ['2:duplicate-key', '3:unknown-key'],
  );
});

test('a comment without codes suppresses everything on the next line; a reason after -- is ignored', () => {
  const text = 'x: 1 # mlops-disable-next-line\ny: 2\n# mlops-disable-next-line unknown-key -- our CI uses it\nz: 3\n';
  assert.deepEqual(suppressions(text).get(1), 'all');
  assert.deepEqual([...((suppressions(text).get(3) as Set<string>) ?? [])], ['unknown-key']);
  assert.deepEqual(
    applyTuning([at(1, 'a'), at(1, 'b'), at(3, 'unknown-key'), at(3, 'other')], text).map((d) => d.code),
    ['other'],
  );
});

test('CRLF text is handled like LF', () => {
  const text = '# mlops-disable-next-line a\r\nk: v\r\n';
  assert.deepEqual(
    applyTuning([at(1, 'a'), at(1, 'b')], text).map((d) => d.code),
    ['b'],
  );
});

test('severity overrides change or drop codes and leave the input untouched', () => {
  const input = [at(0, 'unknown-key'), at(1, 'invalid-stage-name', 'warning'), at(2, 'yaml-syntax')];
  const out = applyTuning(input, '', { 'unknown-key': 'hint', 'invalid-stage-name': 'off' });
  assert.deepEqual(
    out.map((d) => `${d.code}:${d.severity}`),
    ['unknown-key:hint', 'yaml-syntax:error'],
  );
  assert.equal(input[0]?.severity, 'error');
});

test('override values are validated for settings adapters', () => {
  assert.equal(isSeverityOverride('information'), true);
  assert.equal(isSeverityOverride('off'), true);
  assert.equal(isSeverityOverride('info'), false);
  assert.equal(isSeverityOverride(3), false);
});

test('prototype keys in overrides are not mistaken for codes', () => {
  assert.deepEqual(
    applyTuning([at(0, 'constructor')], '', {}).map((d) => d.severity),
    ['error'],
  );
});
