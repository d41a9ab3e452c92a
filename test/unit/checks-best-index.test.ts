// `best` comes from the local store's index alone: resolving it for a gate reads no run's log — not a stat, not
// an open — however many runs the experiment holds (the index is a summary of each; `mlops check --against
// best` of 10,000 runs must not touch 10,000 files). Every fs call naming a path under runs/ is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { checkCandidate, parseCheckRules } from '../../src/core/checks';
import type { ModelRegistry } from '../../src/core/registry/types';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { fileTree } from '../support/file-tree';

type Fn = (...args: unknown[]) => unknown;

/** The fs module object itself (an ES namespace's bindings cannot be replaced; the sources read through it). */
const fs = createRequire(__filename)('node:fs') as typeof import('node:fs');

/** Counts calls of fs functions (callback, sync and promise forms) whose first argument is a path under `prefix`. */
function countFsCalls(prefix: string): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const restores: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string, label: string) => {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith(prefix)) calls.push(`${label} ${args[0]}`);
      return (original as Fn).apply(target, args);
    };
    restores.push(() => (target[name] = original));
  };
  for (const name of ['stat', 'lstat', 'open', 'readFile', 'access', 'readdir'])
    wrap(fs.promises as unknown as Record<string, unknown>, name, `promises.${name}`);
  for (const name of ['statSync', 'lstatSync', 'openSync', 'readFileSync', 'existsSync', 'readdirSync', 'stat', 'open'])
    wrap(fs as unknown as Record<string, unknown>, name, name);
  return { calls, restore: () => restores.forEach((r) => r()) };
}

test('best of 300 runs: the index answers, no run log is read or stat-ed', async () => {
  const dir = fileTree('mlops-best-index-', {});
  const store = openLocalStore(workspaceStoreDir(dir));
  const exp = await store.createExperiment('Default');
  for (let i = 0; i < 300; i++) {
    const run = await store.createRun({ experimentId: exp.id, name: `r${i}` });
    await store.logMetrics(run.id, [
      { key: 'accuracy', value: 0.5 + ((i * 37) % 300) / 1000, step: 0, timestamp: 1 },
      { key: 'loss', value: 1 - ((i * 53) % 300) / 1000, step: 0, timestamp: 1 },
    ]);
    await store.updateRun(run.id, { status: 'FINISHED', endTime: 2 });
  }
  // The index catches up with the writers once (what the first reader after them does).
  await store.searchRuns({ pageSize: 1 });
  const rules = parseCheckRules(
    [
      { metric: 'accuracy', max_decrease: 0.01, against: 'best' },
      { metric: 'loss', max_increase: 0.01, against: 'best' },
    ],
    '.mlops.json',
  );
  assert.ok(rules.ok);
  // The runs/ folder's own stat (is the run set still the one indexed?) is one per search, not per run.
  const counted = countFsCalls(`${workspaceStoreDir(dir)}${sep}runs${sep}`);
  let report: Awaited<ReturnType<typeof checkCandidate>>;
  try {
    report = await checkCandidate(
      rules.value,
      { label: 'workspace', metrics: { accuracy: 0.79, loss: 0.71 }, experiment: 'Default' },
      { store, openRegistry: () => Promise.reject(new Error('unused')) as Promise<ModelRegistry>, cwd: dir },
    );
  } finally {
    counted.restore();
  }
  // accuracy peaks at 0.5 + 299/1000, loss bottoms at 1 - 299/1000: both found, from the index.
  assert.deepEqual(
    report.checks.map((c) => [c.metric, c.baseline]),
    [
      ['accuracy', 0.5 + 299 / 1000],
      ['loss', 1 - 299 / 1000],
    ],
  );
  assert.deepEqual(counted.calls, [], 'no run log touched');
});
