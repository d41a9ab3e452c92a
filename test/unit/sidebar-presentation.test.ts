import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  keyMetrics,
  markdownText,
  plain,
  relativeTime,
  runDescription,
  runTooltip,
} from '../../src/extension/sidebar/run-presentation';
import { run } from '../webview/fixtures';

test('control characters and newlines never reach a tree row', () => {
  assert.equal(plain('a\nb\u0007c\u009b'), 'a b\ufffdc\ufffd');
});

test('markdown in run data is escaped, so tooltips show it literally', () => {
  assert.equal(markdownText('[x](command:evil) <img> **b**'), '\\[x\\]\\(command:evil\\) \\<img\\> \\*\\*b\\*\\*');
  const tip = runTooltip(
    run('a', { name: '<script>alert(1)</script>', params: { '[p](http://x)': '`v`' } }),
    1_700_000_100_000,
  );
  assert.ok(!tip.includes('<script>'));
  assert.ok(tip.includes('\\<script\\>'));
  assert.ok(tip.includes('\\[p\\]\\(http://x\\): \\`v\\`'));
});

test('key metrics: pinned ones when the run has them, else the first three', () => {
  const r = run('a', { metrics: { loss: 0.2, acc: 0.9, f1: 0.8, auc: 0.95 } });
  assert.deepEqual(keyMetrics(r, ['f1']), [['f1', 0.8]]);
  assert.deepEqual(
    keyMetrics(r, ['missing']).map(([k]) => k),
    ['acc', 'auc', 'f1'],
  );
  assert.equal(runDescription(r, ['acc', 'loss'], r.startTime + 3 * 3600_000), 'acc=0.9  loss=0.2  3 h ago');
});

test('relative times', () => {
  assert.equal(relativeTime(0, 10_000), 'just now');
  assert.equal(relativeTime(0, 5 * 60_000), '5 min ago');
  assert.equal(relativeTime(0, 2 * 86400_000), '2 d ago');
});
