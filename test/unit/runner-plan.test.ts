import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePlan, type PlanGraph } from '../../src/core/runner/plan';

// prepare → featurize → train → evaluate, prepare → stats; report ← evaluate + stats; lint alone.
function graph(frozen: string[] = []): PlanGraph {
  const upstream = new Map<string, string[]>([
    ['prepare', []],
    ['featurize', ['prepare']],
    ['stats', ['prepare']],
    ['train', ['featurize']],
    ['evaluate', ['train']],
    ['report', ['evaluate', 'stats']],
    ['lint', []],
  ]);
  return {
    order: ['prepare', 'featurize', 'stats', 'train', 'evaluate', 'report', 'lint'],
    upstream,
    frozen: new Set(frozen),
  };
}

test('no target: every stage, in topological order', () => {
  assert.deepEqual(makePlan(graph(), { targets: [] }).stages, [
    'prepare',
    'featurize',
    'stats',
    'train',
    'evaluate',
    'report',
    'lint',
  ]);
});

test('a target brings its upstream, nothing else', () => {
  assert.deepEqual(makePlan(graph(), { targets: ['train'] }).stages, ['prepare', 'featurize', 'train']);
});

test('--single: only the target', () => {
  assert.deepEqual(makePlan(graph(), { targets: ['train'], single: true }).stages, ['train']);
});

test('--downstream: the target, its upstream, what depends on it and what that needs', () => {
  assert.deepEqual(makePlan(graph(), { targets: ['evaluate'], downstream: true }).stages, [
    'prepare',
    'featurize',
    'stats',
    'train',
    'evaluate',
    'report',
  ]);
  assert.deepEqual(makePlan(graph(), { targets: ['evaluate'], downstream: true, single: true }).stages, [
    'evaluate',
    'report',
  ]);
});

test('frozen stages never run, and their upstream is not pulled in through them', () => {
  const plan = makePlan(graph(['train']), { targets: ['evaluate'] });
  assert.deepEqual(plan.stages, ['evaluate']);
  assert.deepEqual(plan.frozen, ['train']);
  assert.deepEqual(makePlan(graph(['lint']), { targets: [] }).frozen, ['lint']);
  assert.ok(!makePlan(graph(['lint']), { targets: [] }).stages.includes('lint'));
});

test('several targets share their upstream once', () => {
  assert.deepEqual(makePlan(graph(), { targets: ['stats', 'train'] }).stages, [
    'prepare',
    'featurize',
    'stats',
    'train',
  ]);
});
