// `mlops drift` against Evidently (its own venv, requirements-evidently.txt) on the same files: for every
// test both compute the same way — KS and normed Wasserstein on numeric columns, Jensen–Shannon on
// categorical ones — the same per-column verdict and the same score.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport } from '../../src/core/drift';
import { runCli } from '../support/cli';
import { evidentlyBin } from '../support/python';

interface Case {
  reference: string;
  current: string;
  columns: Record<string, Record<string, [number, boolean]>>;
}

let dir: string;
let cases: Record<string, Case>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlops-drift-evidently-'));
  const out = execFileSync(join(evidentlyBin(), 'python'), [join(__dirname, 'drift_evidently.py'), dir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  cases = JSON.parse(out.trim().split('\n').pop()!) as Record<string, Case>;
});

for (const name of ['small', 'large']) {
  test(`'${name}': the same verdict and score as Evidently for every shared test`, async () => {
    const c = cases[name]!;
    const r = await runCli(['drift', '--reference', c.reference, '--current', c.current, '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as DriftReport;
    let compared = 0;
    const verdicts = new Set<boolean>();
    for (const [column, tests] of Object.entries(c.columns)) {
      const ours = report.columns.find((col) => col.name === column)!;
      for (const [test, [score, drift]] of Object.entries(tests)) {
        const t = ours.tests.find((x) => x.test === test)!;
        const value = t.pvalue ?? t.statistic;
        assert.equal(
          t.drift,
          drift,
          `${name}/${column}/${test}: ours ${value} drift=${t.drift}, Evidently ${score} drift=${drift}`,
        );
        assert.ok(
          Math.abs(value - score) <= 1e-9 * Math.abs(score),
          `${name}/${column}/${test}: ours ${value}, Evidently ${score}`,
        );
        verdicts.add(drift);
        compared++;
      }
    }
    assert.equal(compared, 12);
    // The data has drifted and stable columns, so both verdicts were compared.
    assert.deepEqual([...verdicts].sort(), [false, true]);
  });
}
