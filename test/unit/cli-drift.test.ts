// `mlops drift` as a command: formats, the metrics file, settings from .mlops.json, exit codes, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriftReport } from '../../src/core/drift';
import { runCli } from '../support/cli';
import { fileTree } from '../support/file-tree';

/** 200 rows: `steady` keeps its distribution, `moving` jumps by 15 in the current file, `plan` flips its mix. */
function data(shift: number, proShare: number): string {
  const lines = ['steady,moving,plan'];
  for (let i = 0; i < 200; i++)
    lines.push(`${i % 50},${(i % 40) + shift},${i % 100 < proShare * 100 ? 'pro' : 'basic'}`);
  return `${lines.join('\n')}\n`;
}

const project = (extra: Record<string, string> = {}): string =>
  fileTree('mlops-cli-drift-', { 'ref.csv': data(0, 0.2), 'cur.csv': data(15, 0.8), ...extra });

test('json: the report shape, the drifted columns and the dataset verdict', async () => {
  const dir = project();
  const r = await runCli(['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as DriftReport;
  const verdicts = Object.fromEntries(report.columns.map((c) => [c.name, c.drift]));
  assert.deepEqual(verdicts, { steady: false, moving: true, plan: true });
  assert.equal(report.share, 2 / 3);
  assert.equal(report.drift, true);
  const moving = report.columns.find((c) => c.name === 'moving')!;
  assert.equal(moving.type, 'numeric');
  assert.deepEqual(
    moving.tests.map((t) => Object.keys(t).sort()),
    [
      ['drift', 'pvalue', 'statistic', 'test', 'threshold'],
      ['bins', 'drift', 'pvalue', 'statistic', 'test', 'threshold'],
      ['drift', 'pvalue', 'statistic', 'test', 'threshold'],
    ],
  );
});

test('text and md list the most severe column first; --fail-on-drift exits 1 on drift', async () => {
  const dir = project();
  const text = await runCli(['drift', '--reference', 'ref.csv', '--current', 'cur.csv'], dir);
  assert.equal(text.code, 0);
  const rows = text.stdout.split('\n').filter((l) => /^(steady|moving|plan)\b/.test(l));
  assert.equal(rows.at(-1)!.split(/\s+/)[0], 'steady');
  assert.match(text.stdout, /Dataset drift detected: 2 of 3 columns drifted/);
  const md = await runCli(
    ['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--format', 'md', '--fail-on-drift'],
    dir,
  );
  assert.equal(md.code, 1);
  assert.match(md.stdout, /^### Data drift: ⚠️ detected/);
  assert.match(md.stdout, /\| moving \| numeric \| ks \|/);
});

test('--metrics-out writes the share, the verdict and per-column scores', async () => {
  const dir = project();
  const r = await runCli(
    ['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--metrics-out', 'metrics/drift.json'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(dir, 'metrics/drift.json'), 'utf8'));
  assert.equal(metrics.drift_share, 2 / 3);
  assert.equal(metrics.drift_detected, 1);
  assert.equal(metrics.drifted_columns, 2);
  assert.equal(metrics.tested_columns, 3);
  assert.deepEqual(Object.keys(metrics.columns), ['steady', 'moving', 'plan']);
});

test('settings from .mlops.json: the test, thresholds, the share; --columns and --share override', async () => {
  const config = { drift: { numericTest: 'psi', thresholds: { psi: 100 }, categoricalTest: 'chi2', share: 0.9 } };
  const dir = project({ '.mlops.json': JSON.stringify(config) });
  const r = await runCli(['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--format', 'json'], dir);
  const report = JSON.parse(r.stdout) as DriftReport;
  const decided = report.columns.map((c) => (c.type === 'empty' ? '' : `${c.name}:${c.decidedBy}:${c.drift}`));
  assert.deepEqual(decided, ['steady:psi:false', 'moving:psi:false', 'plan:chi2:true']);
  assert.equal(report.drift, false);
  const narrowed = await runCli(
    [
      'drift',
      '--reference',
      'ref.csv',
      '--current',
      'cur.csv',
      '--format',
      'json',
      '--columns',
      'plan',
      '--share',
      '1',
    ],
    dir,
  );
  const only = JSON.parse(narrowed.stdout) as DriftReport;
  assert.deepEqual(
    only.columns.map((c) => c.name),
    ['plan'],
  );
  assert.equal(only.drift, true);
});

test('bad input: exit 2 with a message saying what to fix', async () => {
  const dir = project({ 'bad/.mlops.json': '{"drift": {"thresholds": {"kss": 0.1}}}' });
  const cases: [string[], string, RegExp][] = [
    [['drift', '--reference', 'ref.csv'], dir, /give both --reference FILE and --current FILE/],
    [['drift', '--reference', 'ref.csv', '--current', 'nope.csv'], dir, /nope\.csv: no such file/],
    [
      ['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--columns', 'age'],
      dir,
      /column 'age' is not in ref\.csv or cur\.csv/,
    ],
    [
      ['drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--share', '2'],
      dir,
      /--share must be a number in \(0, 1\]/,
    ],
    [
      ['drift', '--reference', '../ref.csv', '--current', '../cur.csv'],
      join(dir, 'bad'),
      /"drift\.thresholds\.kss": no such test/,
    ],
  ];
  for (const [argv, cwd, message] of cases) {
    const r = await runCli(argv, cwd);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});
