// The runner's execution under real processes: independent stages overlap in time, a failure in the
// middle of the DAG stops only its downstream, cancelling kills the whole process tree, a SIGKILLed runner
// leaves nothing half-written and its run is marked failed by the next one, and two runs cannot race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lockPathFor, readLock } from '../../src/core/runner/lock';
import { runPipelines } from '../../src/core/runner/run';
import { readOwner, runLockPath } from '../../src/core/runner/run-lock';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { runCli } from '../support/cli';
import { venvBin } from '../support/python';
import { dvcRepo, dvcStatus } from '../support/runner-workspace';

const CLI = join(__dirname, '../../src/cli/main.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

async function waitFor(what: string, check: () => boolean, timeoutMs = 20000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it is dead for our purpose.
  try {
    return !/^\S+ \S+ Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'));
  } catch {
    return false;
  }
}

function readPid(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

test('two independent stages run at the same time with --jobs 2', async () => {
  const stamp = (name: string) =>
    `date +%s%N > ${name}.start && sleep 2 && date +%s%N > ${name}.end && echo ${name} > ${name}.out`;
  const root = dvcRepo({
    'dvc.yaml': `stages:\n  left:\n    cmd: ${stamp('left')}\n    outs: [left.out]\n  right:\n    cmd: ${stamp('right')}\n    outs: [right.out]\n`,
  });
  const r = await runCli(['run', '--jobs', '2', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const t = (f: string) => BigInt(readFileSync(join(root, f), 'utf8').trim());
  // Each stage started before the other one ended: their sleeps overlapped.
  assert.ok(t('left.start') < t('right.end') && t('right.start') < t('left.end'), 'the two stages overlapped');
  assert.deepEqual(dvcStatus(root), {});
});

test('a failing stage in the middle stops its downstream; independent stages finish; its lock entry is not written', async () => {
  const pipeline = `stages:
  prepare:
    cmd: echo data > data.txt
    outs: [data.txt]
  bad:
    cmd: echo "reading data"; echo "Traceback (most recent call last) boom" >&2; exit 3
    deps: [data.txt]
    outs: [model.bin]
  report:
    cmd: cp model.bin report.txt
    deps: [model.bin]
    outs: [report.txt]
  other:
    cmd: sleep 1 && echo other > other.txt
    outs: [other.txt]
`;
  const root = dvcRepo({ 'dvc.yaml': pipeline });
  const r = await runCli(['run', '--jobs', '2', '--json'], root);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { status: string; stages: { name: string; status: string }[] };
  assert.equal(out.status, 'FAILED');
  assert.deepEqual(Object.fromEntries(out.stages.map((s) => [s.name, s.status])), {
    prepare: 'FINISHED',
    bad: 'FAILED',
    report: 'BLOCKED',
    other: 'FINISHED',
  });
  assert.match(r.stderr, /stage 'bad' failed with exit code 3/);
  assert.match(r.stderr, /Traceback \(most recent call last\) boom/);
  const lock = readLock(join(root, 'dvc.lock'));
  assert.ok(lock.ok);
  assert.deepEqual(Object.keys(lock.lock.stages).sort(), ['other', 'prepare']);
  assert.deepEqual(Object.keys(dvcStatus(root)).sort(), ['bad', 'report']);
  const store = openLocalStore(workspaceStoreDir(root));
  const runs = (await store.searchRuns({})).items;
  assert.equal(runs.length, 1);
  const run = await store.getRun(runs[0]!.id);
  assert.equal(run?.status, 'FAILED');
  assert.deepEqual(run?.stages.map((s) => [s.name, s.status]).sort(), [
    ['bad', 'FAILED'],
    ['other', 'FINISHED'],
    ['prepare', 'FINISHED'],
    ['report', 'BLOCKED'],
  ]);
  const report = run?.stages.find((s) => s.name === 'report');
  assert.ok(report?.status === 'BLOCKED');
  assert.deepEqual([report.reasons, report.durationMs], [['upstream did not finish: bad'], null]);
  assert.match((await store.readStageLog(run!.id, 'bad')).text, /Traceback \(most recent call last\) boom/);
});

test('cancelling kills the whole process tree and records the run as KILLED', async () => {
  const root = dvcRepo({
    'dvc.yaml':
      'stages:\n  long:\n    cmd: sleep 300 & echo $! > grandchild.pid; echo $$ > shell.pid; wait\n    outs: [never.txt]\n',
  });
  const store = openLocalStore(workspaceStoreDir(root));
  const controller = new AbortController();
  const running = runPipelines({ root, store, signal: controller.signal });
  await waitFor(
    'the stage to start its children',
    () => existsSync(join(root, 'grandchild.pid')) && existsSync(join(root, 'shell.pid')),
  );
  const pids = [readPid(join(root, 'grandchild.pid')), readPid(join(root, 'shell.pid'))];
  assert.ok(pids.every(alive));
  controller.abort();
  const outcome = await running;
  assert.ok(outcome.ok);
  assert.equal(outcome.report.status, 'KILLED');
  assert.equal(outcome.report.stages[0]?.outcome, 'KILLED');
  await waitFor('the process tree to be gone', () => !pids.some(alive), 10000);
  assert.equal(existsSync(join(root, 'dvc.lock')), false, 'no lock entry for a killed stage');
  assert.equal((await store.getRun(outcome.report.runId))?.status, 'KILLED');
  assert.equal(existsSync(runLockPath(root)), false, 'the workspace lock is released');
});

test('a SIGKILLed runner leaves nothing half-written; the next run kills its orphaned stage processes and marks the abandoned run FAILED', async () => {
  const pipeline = `stages:
  first:
    cmd: echo one > one.txt
    outs: [one.txt]
  second:
    cmd: if [ ! -f go ]; then sleep 300 & echo $! > child.pid; echo $$ > group.pid; wait; fi; echo two > two.txt
    deps: [one.txt]
    outs: [two.txt]
`;
  const root = dvcRepo({ 'dvc.yaml': pipeline });
  const runner = spawn(process.execPath, ['--import', TSX, CLI, 'run'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, MLOPS_TRACKING_URI: '' },
  });
  await waitFor('the second stage to start', () => existsSync(join(root, 'group.pid')));
  const abandoned = readOwner(runLockPath(root));
  assert.ok(abandoned, 'the running runner holds the workspace lock');
  const shell = readPid(join(root, 'group.pid'));
  const child = readPid(join(root, 'child.pid'));
  assert.deepEqual(
    abandoned.groups?.map((g) => g.pgid),
    [shell],
    "the lock names the running stage's process group",
  );
  runner.kill('SIGKILL');
  await new Promise((r) => runner.once('exit', r));
  // Its stage keeps running in its own process group, orphaned.
  assert.ok(alive(shell) && alive(child), 'the stage outlives its runner');

  const lock = readLock(lockPathFor(join(root, 'dvc.yaml')));
  assert.ok(lock.ok, 'dvc.lock is whole');
  assert.deepEqual(Object.keys(lock.lock.stages), ['first']);
  const leftovers = readdirSync(root).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);

  writeFileSync(join(root, 'go'), '');
  const r = await runCli(['run', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`previous run \\(${abandoned.runId}`));
  assert.ok(!alive(shell) && !alive(child), 'the orphaned stage processes are gone');
  assert.match(
    r.stderr,
    new RegExp(
      `killed 2 process\\(es\\) the interrupted run ${abandoned.runId} left running: .*pid ${child} \\(sleep 300\\)`,
    ),
  );
  const out = JSON.parse(r.stdout) as { stages: { name: string; status: string }[] };
  assert.deepEqual(
    out.stages.map((s) => [s.name, s.status]),
    [
      ['first', 'SKIPPED'],
      ['second', 'FINISHED'],
    ],
  );
  const store = openLocalStore(workspaceStoreDir(root));
  const old = await store.getRun(abandoned.runId);
  assert.equal(old?.status, 'FAILED');
  assert.deepEqual(
    old?.stages.map((s) => [s.name, s.status]),
    [
      ['first', 'FINISHED'],
      ['second', 'FAILED'],
    ],
  );
  assert.deepEqual(dvcStatus(root), {});
});

test('a second run while one is going is refused with a message naming the first', async () => {
  const root = dvcRepo({
    'dvc.yaml':
      'stages:\n  wait:\n    cmd: echo $$ > started; while [ ! -f go ]; do sleep 0.1; done; echo ok > done.txt\n    outs: [done.txt]\n',
  });
  const first = runPipelines({ root, store: openLocalStore(workspaceStoreDir(root)) });
  await waitFor('the first run to start its stage', () => existsSync(join(root, 'started')));
  const owner = readOwner(runLockPath(root));
  assert.ok(owner);
  const second = await runCli(['run'], root);
  assert.equal(second.code, 2);
  assert.match(
    second.stderr,
    new RegExp(`another run is in progress in this workspace: run ${owner.runId} \\(pid ${process.pid}`),
  );
  writeFileSync(join(root, 'go'), '');
  const done = await first;
  assert.ok(done.ok);
  assert.equal(done.report.status, 'FINISHED');
  assert.equal(done.report.runId, owner.runId);
});

test('Ctrl-C on `mlops run` kills the stage processes, exits 1 and records the run as KILLED', async () => {
  const root = dvcRepo({
    'dvc.yaml': 'stages:\n  long:\n    cmd: sleep 300 & echo $! > child.pid; wait\n    outs: [never.txt]\n',
  });
  const runner = spawn(process.execPath, ['--import', TSX, CLI, 'run', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MLOPS_TRACKING_URI: '' },
  });
  let stdout = '';
  runner.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  await waitFor('the stage to start', () => existsSync(join(root, 'child.pid')));
  const child = readPid(join(root, 'child.pid'));
  runner.kill('SIGINT');
  const code = await new Promise<number | null>((r) => runner.once('exit', r));
  assert.equal(code, 1);
  const out = JSON.parse(stdout) as { runId: string; status: string };
  assert.equal(out.status, 'KILLED');
  await waitFor('the stage process to be gone', () => !alive(child), 10000);
  assert.equal((await openLocalStore(workspaceStoreDir(root)).getRun(out.runId))?.status, 'KILLED');
});

test('a run records params, metrics files, live JSON lines, plots and DVCLive histories, and git info', async () => {
  const python = join(venvBin(), 'python');
  const script = [
    'import json, os',
    'from dvclive import Live',
    'with open(os.environ["MLOPS_METRICS_FILE"], "a") as f:',
    '    f.write(json.dumps({"key": "live_acc", "value": 0.5, "step": 1}) + "\\n")',
    'with Live(save_dvc_exp=False) as live:',
    '    for epoch in range(3):',
    '        live.log_metric("train/loss", 1.0 / (epoch + 1))',
    '        live.next_step()',
    'with open("epochs.csv", "w") as f:',
    '    f.write("epoch,val_loss\\n1,0.9\\n2,0.7\\n")',
    'with open("scores.json", "w") as f:',
    '    json.dump({"f1": 0.75, "nested": {"auc": 0.8}}, f)',
  ].join('\n');
  const pipeline = `stages:
  train:
    cmd: ${python} train.py
    deps: [train.py]
    params: [lr]
    metrics:
      - scores.json:
          cache: false
    plots:
      - epochs.csv:
          cache: false
`;
  const root = dvcRepo({ 'dvc.yaml': pipeline, 'train.py': script + '\n', 'params.yaml': 'lr: 0.01\n' });
  const r = await runCli(['run', '--json', '--experiment', 'dvclive'], root, { DVCLIVE_OPEN: 'false' });
  assert.equal(r.code, 0, r.stderr);
  const { runId } = JSON.parse(r.stdout) as { runId: string };
  const store = openLocalStore(workspaceStoreDir(root));
  const run = await store.getRun(runId);
  assert.equal(run?.experiment, 'dvclive');
  assert.deepEqual(run?.params, { lr: '0.01' });
  assert.equal(run?.metrics.f1, 0.75);
  assert.equal(run?.metrics['nested.auc'], 0.8);
  assert.equal(run?.metrics.live_acc, 0.5);
  assert.ok(run?.git && /^[0-9a-f]{40}$/.test(run.git.commit));
  const history = async (key: string) => (await store.getMetricHistory(runId, key)).items.map((p) => [p.step, p.value]);
  assert.deepEqual(await history('train/loss'), [
    [0, 1],
    [1, 0.5],
    [2, 1 / 3],
  ]);
  assert.deepEqual(await history('val_loss'), [
    [1, 0.9],
    [2, 0.7],
  ]);
});
