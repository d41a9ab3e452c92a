import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StageRef } from '../../src/core/pipeline/stage-groups';
import { isEmptyFilter, matchesFilter, parseStageFilter, type StageFilter } from '../../src/core/runner/stage-filter';
import { countStates, countsText, worstState, type ShownState } from '../../src/core/runner/stage-view';

test('counts read worst first: `7 stages · 5 changed · 2 up to date`', () => {
  const states: ShownState[] = ['up-to-date', 'changed', 'changed', 'up-to-date', 'changed', 'changed', 'changed'];
  const counts = countStates(states);
  assert.equal(countsText(counts), '7 stages · 5 changed · 2 up to date');
  assert.equal(countsText(counts, 'expansion'), '7 expansions · 5 changed · 2 up to date');
  assert.equal(countsText(countStates(['frozen'])), '1 stage · 1 frozen');
  assert.equal(countsText(countStates([])), '0 stages');
  assert.deepEqual(
    [...countStates(['up-to-date', 'failed', 'unknown', 'running']).keys()],
    ['failed', 'running', 'unknown', 'up-to-date'],
  );
});

test('a group is drawn in its worst member’s state', () => {
  assert.equal(worstState(countStates(['up-to-date', 'changed', 'never-run'])), 'changed');
  assert.equal(worstState(countStates(['up-to-date', 'failed', 'running'])), 'failed');
  assert.equal(worstState(countStates(['up-to-date', 'frozen'])), 'frozen');
  assert.equal(worstState(countStates(['up-to-date'])), 'up-to-date');
  assert.equal(worstState(countStates([])), 'unknown');
});

const stage = (id: string, file = 'dvc.yaml'): StageRef => ({ id, file, name: id.split(':').pop()! });
const parsed = (text: string): StageFilter => {
  const p = parseStageFilter(text);
  assert.ok(p.filter, p.error);
  return p.filter;
};

test('filter: words match the address, status: any of the named states, file: part of the dvc.yaml path', () => {
  const f = parsed('  ML-100k   status:changed status:never-run  file:data/ ');
  assert.deepEqual(f, {
    text: 'ML-100k   status:changed status:never-run  file:data/',
    words: ['ml-100k'],
    files: ['data/'],
    states: ['changed', 'never-run'],
  });
  const s = stage('data/dvc.yaml:split@ml-100k', 'data/dvc.yaml');
  assert.equal(matchesFilter(f, s, 'changed'), true);
  assert.equal(matchesFilter(f, s, 'never-run'), true);
  assert.equal(matchesFilter(f, s, 'up-to-date'), false, 'wrong status');
  assert.equal(matchesFilter(f, stage('split@ml-100k'), 'changed'), false, 'wrong file');
  assert.equal(matchesFilter(f, stage('data/dvc.yaml:split@ml-1m', 'data/dvc.yaml'), 'changed'), false, 'wrong name');
  assert.equal(matchesFilter(parsed('train eu'), stage('train@eu'), 'frozen'), true, 'every word, any order');
  assert.equal(matchesFilter(parsed('train us'), stage('train@eu'), 'frozen'), false);
  assert.equal(isEmptyFilter(parsed('   ')), true);
  assert.equal(isEmptyFilter(parsed('x')), false);
});

test('filter: status names are forgiving (spaces, underscores, prefixes), unknown ones say what exists', () => {
  assert.deepEqual(parsed('status:up_to_date').states, ['up-to-date']);
  assert.deepEqual(parsed('STATUS:uptodate').states, ['up-to-date']);
  assert.deepEqual(parsed('status:ch').states, ['changed']);
  assert.deepEqual(parsed('status:f').states, ['frozen', 'failed']);
  assert.deepEqual(parsed('status:unknown').states, ['unknown'], 'stages still being checked');
  assert.deepEqual(parseStageFilter('status:stale'), {
    error: 'Unknown status "stale": use one of up-to-date, changed, never-run, frozen, running, failed.',
  });
  assert.deepEqual(parseStageFilter('file:'), { error: '"file:" names no file: write file:<value>.' });
});
