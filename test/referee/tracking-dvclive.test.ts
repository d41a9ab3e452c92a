// Real DVCLive (from the pinned venv) writes its outputs while a script trains; we ingest them during the
// run and after it, and every value the script logged comes out once, under DVCLive's metric names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { venvBin, venvEnv } from '../support/python';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { DvcLiveIngester } from '../../src/core/tracking/dvclive';
import type { IngestProblem } from '../../src/core/tracking/live';

// Logs 10 steps, pausing after step 4 until the test creates `go`; prints what it logged as JSON.
const SCRIPT = `
import json, math, os, time
from dvclive import Live
logged = {}
def log(live, name, value):
    live.log_metric(name, value)
    logged.setdefault(name, []).append([live.step, None if math.isnan(value) else value])
with Live(save_dvc_exp=False) as live:
    for step in range(10):
        log(live, "train/loss", 1.0 / (step + 1))
        log(live, "val/sub/f1", float("nan") if step == 3 else step / 10)
        log(live, "acc", 0.5 + step / 100)
        if step == 4:
            while not os.path.exists("go"):
                time.sleep(0.05)
        live.next_step()
    live.summary["final_score"] = 0.875
print(json.dumps(logged))
`;

test('DVCLive outputs ingested live and at the end match what the script logged', { timeout: 300_000 }, async () => {
  const work = fs.mkdtempSync(join(tmpdir(), 'mlops-dvclive-'));
  fs.writeFileSync(join(work, 'train.py'), SCRIPT);
  const child = spawn(join(venvBin(), 'python'), ['train.py'], {
    cwd: work,
    env: venvEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = once(child, 'exit');

  const store = openLocalStore(join(work, '.mlops'));
  const run = await store.createRun({ experimentId: (await store.createExperiment('dvclive')).id, name: 'dvclive' });
  const problems: IngestProblem[] = [];
  const ingester = new DvcLiveIngester(store, run.id, join(work, 'dvclive'), (p) => problems.push(p));

  try {
    // While the script waits at step 4 (acc is its last metric there), what it wrote is already in the run.
    const acc = join(work, 'dvclive', 'plots', 'metrics', 'acc.tsv');
    while (!(fs.existsSync(acc) && /\n4\t[^\n]*\n/.test(fs.readFileSync(acc, 'utf8')))) {
      assert.equal(child.exitCode, null, 'the training script ended early');
      await sleep(50);
    }
    await ingester.poll();
    const live = await store.getMetricHistory(run.id, 'train/loss');
    assert.deepEqual(
      live.items.map((p) => p.step),
      [0, 1, 2, 3, 4],
    );
  } finally {
    fs.writeFileSync(join(work, 'go'), '');
  }
  const [code] = await exited;
  assert.equal(code, 0);
  await ingester.finish();
  assert.deepEqual(problems, []);

  const logged = JSON.parse(out) as Record<string, [number, number | null][]>;
  for (const [key, points] of Object.entries(logged)) {
    const history = (await store.getMetricHistory(run.id, key)).items;
    assert.deepEqual(
      history.map((p) => [p.step, Number.isNaN(p.value) ? null : p.value]),
      points,
      `history of ${key}`,
    );
  }
  const got = await store.getRun(run.id);
  assert.deepEqual(Object.keys(got!.metrics).sort(), ['acc', 'final_score', 'train/loss', 'val/sub/f1']);
  assert.equal(got!.metrics['train/loss'], 0.1);
  assert.equal(got!.metrics.final_score, 0.875);
});
