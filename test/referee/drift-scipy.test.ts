// `mlops drift` against scipy: for generated data with and without shift, ties, NaNs, one-value, empty and
// categorical columns, every statistic and p-value equals what scipy.stats (ks_2samp method 'auto' in its
// exact and asymptotic regimes, chi2_contingency, wasserstein_distance) and scipy.spatial.distance
// (jensenshannon) compute on the same values, within 1e-9 (relative).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport } from '../../src/core/drift';
import { runCli } from '../support/cli';
import { venvBin } from '../support/python';

type Expected =
  | { type: 'empty' }
  | { type: 'numeric'; ks: [number, number]; wasserstein: number; psi: number }
  | { type: 'categorical'; chi2: [number, number]; jensenshannon: number; psi: number };

interface Case {
  reference: string;
  current: string;
  columns: Record<string, Expected>;
}

let dir: string;
let cases: Record<string, Case>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlops-drift-scipy-'));
  const out = execFileSync(join(venvBin(), 'python'), [join(__dirname, 'drift_scipy.py'), dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  cases = (JSON.parse(out) as { cases: Record<string, Case> }).cases;
});

function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(typeof actual === 'number', `${what}: missing (expected ${expected})`);
  // Relative, so p-values far in the tail are held to the same digits as the rest.
  const tolerance = 1e-9 * Math.abs(expected);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ours ${actual}, scipy ${expected}`);
}

for (const name of ['equal-sizes', 'unequal-sizes', 'no-shift', 'asymptotic', 'small-batch', 'medium-batch']) {
  test(`every statistic of '${name}' equals scipy's within 1e-9`, async () => {
    const c = cases[name]!;
    const { code, stdout, stderr } = await runCli(
      ['drift', '--reference', c.reference, '--current', c.current, '--format', 'json'],
      dir,
    );
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as DriftReport;
    assert.deepEqual(
      report.columns.map((col) => col.name),
      Object.keys(c.columns),
    );
    for (const column of report.columns) {
      const expected = c.columns[column.name]!;
      const where = `${name}/${column.name}`;
      assert.equal(column.type, expected.type, `${where}: type`);
      if (expected.type === 'empty') {
        assert.deepEqual(column.tests, [], where);
        assert.equal(column.drift, false, where);
        continue;
      }
      const byTest = new Map(column.tests.map((t) => [t.test, t]));
      close(byTest.get('psi')?.statistic, expected.psi, `${where} psi`);
      if (expected.type === 'numeric') {
        close(byTest.get('ks')?.statistic, expected.ks[0], `${where} ks statistic`);
        close(byTest.get('ks')?.pvalue, expected.ks[1], `${where} ks p-value`);
        close(byTest.get('wasserstein')?.statistic, expected.wasserstein, `${where} wasserstein`);
      } else {
        close(byTest.get('chi2')?.statistic, expected.chi2[0], `${where} chi2 statistic`);
        close(byTest.get('chi2')?.pvalue, expected.chi2[1], `${where} chi2 p-value`);
        close(byTest.get('jensenshannon')?.statistic, expected.jensenshannon, `${where} jensenshannon`);
      }
    }
  });
}

test('missing values are counted per side and left out of the statistics', async () => {
  const c = cases['equal-sizes']!;
  const { stdout } = await runCli(
    ['drift', '--reference', c.reference, '--current', c.current, '--format', 'json'],
    dir,
  );
  const report = JSON.parse(stdout) as DriftReport;
  const withNans = report.columns.find((col) => col.name === 'with_nans')!;
  assert.ok(withNans.missing.reference > 0 && withNans.missing.current > 0);
  assert.equal(withNans.count.reference + withNans.missing.reference, 400);
  const empty = report.columns.find((col) => col.name === 'empty_current')!;
  assert.deepEqual(empty.missing, { reference: 0, current: 400 });
});
