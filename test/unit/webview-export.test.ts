import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartToSvg, toCsv } from '../../src/webview/shared/export';
import { bestValues, columns, sortRuns } from '../../src/webview/compare/table-model';
import { run } from '../webview/fixtures';

test('CSV quotes separators and quotes, and defuses formula-looking text', () => {
  assert.equal(
    toCsv([
      ['a,b', 'say "hi"', 1.5],
      ['=SUM(A1)', '-0.5', undefined],
    ]),
    '"a,b","say ""hi""",1.5\r\n\'=SUM(A1),-0.5,\r\n',
  );
});

test('SVG export escapes names and draws one path per series', () => {
  const svg = chartToSvg('<loss>', [0, 1, 2], [{ label: 'a&b', color: '#123456', ys: [1, null, 3] }]);
  assert.ok(svg.includes('&#60;loss&#62;'));
  assert.ok(svg.includes('a&#38;b'));
  assert.ok(!svg.includes('<loss>'));
  assert.match(svg, /<path d="M[\d.]+,[\d.]+M[\d.]+,[\d.]+"/, 'a gap lifts the pen');
});

test('table model: only differences, sorting with missing values last, best values', () => {
  const runs = [
    run('a', { name: 'a', params: { lr: '0.1', seed: '1' }, metrics: { acc: 0.5, val_loss: 0.3 } }),
    run('b', { name: 'b', params: { lr: '0.02', seed: '1' }, metrics: { acc: 0.7 } }),
    run('c', { name: 'c', params: { seed: '1' }, metrics: { acc: 0.6, val_loss: 0.2 } }),
  ];
  assert.deepEqual(columns(runs, true), { params: ['lr'], metrics: ['acc', 'val_loss'] });
  assert.deepEqual(columns(runs, false).params, ['lr', 'seed']);
  assert.deepEqual(
    sortRuns(runs, 'param:lr', false).map((r) => r.name),
    ['b', 'a', 'c'],
    'numeric params sort as numbers',
  );
  assert.deepEqual(
    sortRuns(runs, 'metric:val_loss', true).map((r) => r.name),
    ['a', 'c', 'b'],
    'missing last when descending too',
  );
  assert.deepEqual(
    [...bestValues(runs, ['acc', 'val_loss'])],
    [
      ['acc', 0.7],
      ['val_loss', 0.2],
    ],
  );
});
