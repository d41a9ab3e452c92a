// Quality-gate rules: parsing of .mlops.json "checks" and the evaluation of each bound, with a baseline
// resolver standing in for the registry (the referee test uses the real one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Baseline, evaluateChecks, parseCheckRules } from '../../src/core/checks';

test('an entry with several bounds becomes one rule per bound, named for what it checks', () => {
  const parsed = parseCheckRules(
    [
      { metric: 'accuracy', min: 0.8, max_decrease: 0.02, against: 'prod' },
      { metric: 'loss', max: 1, name: 'sane loss' },
    ],
    '.mlops.json',
  );
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.value.map((r) => [r.name, r.severity]),
    [
      ['accuracy >= 0.8', 'error'],
      ['accuracy decrease <= 0.02 vs prod', 'error'],
      ['sane loss', 'error'],
    ],
  );
});

test('each mistake in a rule is named', () => {
  const cases: [unknown, RegExp][] = [
    [{ metric: 'a', min: 0.8 }, /"checks" must be a list/],
    [[{ min: 0.8 }], /"checks\[0\]" needs "metric"/],
    [[{ metric: 'a' }], /"checks\[0\]" has no bound; give one of min, max, max_increase, max_decrease/],
    [[{ metric: 'a', min: '0.8' }], /"checks\[0\]"\."min" must be a number, not "0\.8"/],
    [[{ metric: 'a', max_increase: -1 }], /must be 0 or more/],
    [[{ metric: 'a', min: 1, severity: 'fatal' }], /"severity" is "fatal"; use error or warning/],
    [[{ metric: 'a', min: 1, against: 'prod' }], /"against" needs a relative bound/],
  ];
  for (const [raw, message] of cases) {
    const parsed = parseCheckRules(raw, '.mlops.json');
    assert.ok(!parsed.ok);
    assert.match(parsed.message, message);
  }
});

const rules = (raw: unknown) => {
  const parsed = parseCheckRules(raw, 'x');
  assert.ok(parsed.ok);
  return parsed.value;
};
const baseline =
  (metrics: Record<string, number>): (() => Promise<Baseline>) =>
  async () => ({
    ok: true,
    label: 'prod',
    metrics,
  });

test('bounds hold at their exact boundary despite binary fractions (0.91 − 0.90 > 0.01 in doubles)', async () => {
  const report = await evaluateChecks(
    rules([
      { metric: 'acc', max_decrease: 0.01, against: 'prod' },
      { metric: 'acc', min: 0.9 },
    ]),
    { label: 'run', metrics: { acc: 0.9 } },
    baseline({ acc: 0.91 }),
  );
  assert.deepEqual(
    report.checks.map((c) => c.passed),
    [true, true],
  );
});

test('a missing metric fails, a NaN fails, a baseline without the metric or absent is skipped', async () => {
  const absent: () => Promise<Baseline> = async () => ({ ok: false, absent: true, reason: 'nothing in prod yet' });
  const report = await evaluateChecks(
    rules([
      { metric: 'f1', min: 0.5 },
      { metric: 'nan', min: 0 },
      { metric: 'acc', max_decrease: 0, against: 'prod' },
    ]),
    { label: 'run 1', metrics: { nan: Number.NaN, acc: 0.5 } },
    absent,
  );
  assert.deepEqual(
    report.checks.map((c) => [c.passed, c.skipped, c.message]),
    [
      [false, false, 'f1 was not logged by run 1'],
      [false, false, 'nan is NaN in run 1'],
      [true, true, 'skipped: nothing in prod yet'],
    ],
  );
  assert.equal(report.passed, false);
  const other = await evaluateChecks(
    rules([{ metric: 'acc', max_decrease: 0, against: 'prod' }]),
    { label: 'run 1', metrics: { acc: 0.5 } },
    baseline({ loss: 1 }),
  );
  assert.equal(other.checks[0]!.skipped, true);
  assert.match(other.checks[0]!.message, /prod has no acc to compare with/);
});
