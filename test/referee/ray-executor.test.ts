// A real Ray head (2 CPUs on 127.0.0.1) and a real MLflow server with an artifact proxy: the example's
// three stages run as a Ray job submitted through the Jobs REST API from TypeScript; MLflow's own Python
// client reads back the run (FINISHED, live metric history, outputs as artifacts); the outputs come back
// with their md5s equal to a local run's. A job stopped mid-run ends KILLED; a head that dies mid-run ends
// the experiment FAILED with the reason (last: it stops the head). `mlops run --executor ray` leaves dvc.lock
// as a local run does: `dvc status` is clean; an input not in git reaches the job linked from a shared folder
// or pulled from the DVC remote on the node (its `.dvc` stage up to date here, not sent).
// Through the queue: a running experiment's entry shows the metrics its job logged to MLflow while the job
// still trains, and the editor's Cancel (SIGTERM to its worker) stops its job.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RayJobsClient } from '../../src/core/executors/ray/jobs-client';
import { listQueue, type QueueEntry } from '../../src/core/experiments/queue-store';
import { runOnRay, type RayExperimentJob, type RemoteStage } from '../../src/core/executors/ray/ray-job';
import { MlflowClient } from '../../src/core/tracking/mlflow/client';
import { startFaultProxy } from '../support/fault-proxy';
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server';
import { listJobs, startRayHead, type RayHead } from '../support/ray-head';
import { venvEnv } from '../support/python';
import { runCli } from '../support/cli';
import { dvc, dvcRepo, dvcStatus, exampleRepo } from '../support/runner-workspace';

const EXAMPLE = join(__dirname, '../../examples/blob-classifier');
const REPO = join(__dirname, '../..');

/** The built CLI in its own process (the queue starts its workers from it), bounded to five minutes. */
function mlops(cwd: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: venvEnv(env),
    timeout: 300_000,
  });
}
/**
 * `mlops queue start -j 1 --executor ray` on the test's head, in its own process group: `kill` ends the queue and
 * its workers even once the queue itself exited (a worker left behind holds the stderr pipe, which kept this test
 * file alive two minutes past its last test in CI).
 */
function rayQueue(root: string, env: Record<string, string>) {
  const queue = spawn(
    process.execPath,
    [join(REPO, 'dist/cli.js'), 'queue', 'start', '-j', '1', '--executor', 'ray', '--ray-address', head.address],
    { cwd: root, env: venvEnv(env), stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  queue.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => queue.on('exit', resolve));
  return {
    stderr: () => stderr,
    /** Its exit code, or 'hung' when it has not exited within `ms`. */
    exited: (ms: number) => Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms).unref())]),
    kill() {
      try {
        process.kill(-(queue.pid as number), 'SIGKILL');
      } catch {
        // every process of the group is gone
      }
    },
  };
}

let mlflow: MlflowServer;
let head: RayHead;
let client: MlflowClient;
const dirs: string[] = [];

before(async () => {
  [mlflow, head] = await Promise.all([startMlflowServer(), startRayHead()]);
  client = new MlflowClient({ trackingUri: mlflow.url });
});
after(async () => {
  head?.stop();
  await mlflow?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-ray-ws-'));
  dirs.push(dir);
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

const STAGES: RemoteStage[] = [
  { id: 'prepare', cmd: 'python3 src/prepare.py', wdir: '', outs: ['data'] },
  { id: 'train', cmd: 'python3 src/train.py', wdir: '', outs: ['model.json', 'plots/train_loss.csv'] },
  { id: 'evaluate', cmd: 'python3 src/evaluate.py', wdir: '', outs: ['metrics.json', 'plots/confusion.csv'] },
];
const SOURCES = ['dvc.yaml', 'params.yaml', 'src/common.py', 'src/prepare.py', 'src/train.py', 'src/evaluate.py'];

async function newRun(name: string): Promise<string> {
  const experimentId = await client.ensureExperiment('ray-referee');
  return (await client.createRun({ experimentId, runName: name })).info.runId;
}

function md5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

function job(name: string, ws: string, runId: string, stages = STAGES): RayExperimentJob {
  return { name, workspace: ws, files: SOURCES, stages, data: {}, runId, trackingUri: mlflow.url };
}

test('the example runs on Ray: outputs come back equal to a local run, the MLflow run is FINISHED with its metrics', async () => {
  const ray = new RayJobsClient({ address: head.address });
  const ws = workspace();
  const runId = await newRun('exp-ray-1');
  let log = '';
  const outcome = await runOnRay(ray, client, job('exp-ray-1', ws, runId), { onLog: (t) => (log += t), pollMs: 300 });
  assert.equal(outcome.state, 'SUCCEEDED', JSON.stringify(outcome));
  assert.match(log, /\[train\] /, 'the stage output streams with its [stage] prefix');
  assert.ok(
    outcome.outputs.includes('model.json') && outcome.outputs.includes('data/train.csv'),
    outcome.outputs.join(),
  );

  // The same stages run locally give byte-identical outputs (the example is seeded).
  const local = workspace();
  for (const s of STAGES) execFileSync('sh', ['-c', s.cmd as string], { cwd: local, env: venvEnv() });
  for (const rel of ['model.json', 'metrics.json', 'data/train.csv', 'plots/confusion.csv']) {
    assert.equal(md5(join(ws, rel)), md5(join(local, rel)), rel);
  }

  const read = mlflow.pythonJson(`
import json, mlflow
c = mlflow.MlflowClient()
r = c.get_run(${JSON.stringify(runId)})
hist = c.get_metric_history(r.info.run_id, "train_loss")
arts = [a.path for a in c.list_artifacts(r.info.run_id, "outputs")]
print(json.dumps({"status": r.info.status, "points": len(hist), "artifacts": arts}))`);
  assert.equal(read.status, 'FINISHED');
  assert.ok(read.points > 1, `train_loss history arrived live: ${read.points} points`);
  assert.ok(read.artifacts.includes('outputs/model.json'), read.artifacts.join());
});

test('a job stopped mid-run is KILLED in Ray and in MLflow', async () => {
  const ray = new RayJobsClient({ address: head.address });
  const ws = workspace();
  writeFileSync(join(ws, 'src/slow.py'), 'import time\nprint("started", flush=True)\ntime.sleep(120)\n');
  const runId = await newRun('exp-ray-stop');
  const abort = new AbortController();
  const slow: RemoteStage[] = [{ id: 'slow', cmd: 'python3 src/slow.py', wdir: '', outs: [] }];
  const outcome = await runOnRay(
    ray,
    client,
    { ...job('exp-ray-stop', ws, runId, slow), files: [...SOURCES, 'src/slow.py'] },
    {
      pollMs: 300,
      onLog: (t) => {
        if (t.includes('[slow] started')) abort.abort();
      },
      signal: abort.signal,
    },
  );
  assert.equal(outcome.state, 'KILLED');
  const status = mlflow.pythonJson(`
import json, mlflow
print(json.dumps(mlflow.MlflowClient().get_run(${JSON.stringify(runId)}).info.status))`);
  assert.equal(status, 'KILLED');
});

test('an unreachable cluster is a clear error before anything is sent', async () => {
  const ray = new RayJobsClient({ address: 'http://127.0.0.1:9', timeoutMs: 2000 });
  const runId = await newRun('exp-ray-unreachable');
  await assert.rejects(runOnRay(ray, client, job('exp-ray-unreachable', workspace(), runId)), (err: Error) => {
    assert.match(
      err.message,
      /Ray cluster at http:\/\/127\.0\.0\.1:9 is unreachable .* Queued experiments stay queued/,
    );
    return true;
  });
});

test('mlops run --executor ray: the example runs on the cluster, dvc.lock is written here, and dvc status is clean', async () => {
  const root = exampleRepo();
  dirs.push(root);
  const env = { MLOPS_TRACKING_URI: mlflow.url, MLOPS_RAY_ADDRESS: head.address };
  const r = await runCli(['run', '--executor', 'ray', '--json'], root, env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /submitted Ray job mlops-/);
  assert.match(r.stderr, /\[train\] /, 'stage logs stream back prefixed');
  const report = JSON.parse(r.stdout) as {
    runId: string;
    stages: { name: string; status: string; durationMs: number }[];
  };
  assert.deepEqual(
    report.stages.map((s) => `${s.name}:${s.status}`),
    ['prepare:FINISHED', 'train:FINISHED', 'evaluate:FINISHED'],
  );
  // Each stage lasted what the job measured on the node, however its log lines arrived here.
  const job = (await listJobs(head.address)).find((j) => j.metadata['mlops.run'] === report.runId);
  assert.match(job?.submission_id ?? '', new RegExp(`^mlops-run-\\d{8}-\\d{6}-${report.runId.slice(0, 8)}$`));
  const jobLog = await new RayJobsClient({ address: head.address }).logs(job?.submission_id ?? '');
  for (const s of report.stages) {
    const took = new RegExp(`^\\[mlops\\] stage ${s.name} finished in (\\d+\\.\\d+) s$`, 'm').exec(jobLog);
    assert.equal(s.durationMs, Math.round(Number(took?.[1]) * 1000), `${s.name}: ${took?.[0]}`);
  }
  assert.deepEqual(dvcStatus(root), {}, 'dvc agrees that everything is up to date');
  const accuracy = JSON.parse(readFileSync(join(root, 'metrics.json'), 'utf8')).accuracy as number;
  const logged = mlflow.pythonJson(`
import json, mlflow
r = mlflow.MlflowClient().get_run(${JSON.stringify(report.runId)})
print(json.dumps({"status": r.info.status, "accuracy": r.data.metrics.get("accuracy")}))`);
  assert.deepEqual(logged, { status: 'FINISHED', accuracy });

  // Up to date now: a second run submits nothing.
  const again = await runCli(['run', '--executor', 'ray', '--json'], root, env);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /submitted Ray job/);
});

test('a stage failing on Ray: that stage FAILED with its exit code, nothing brought back, dvc.lock untouched', async () => {
  const root = exampleRepo();
  dirs.push(root);
  writeFileSync(join(root, 'src/train.py'), 'import sys\nprint("boom", flush=True)\nsys.exit(3)\n');
  const env = { MLOPS_TRACKING_URI: mlflow.url, MLOPS_RAY_ADDRESS: head.address };
  const r = await runCli(['run', '--executor', 'ray', '--json'], root, env);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { stages: { name: string; status: string }[] };
  assert.deepEqual(
    report.stages.map((s) => `${s.name}:${s.status}`),
    ['prepare:BLOCKED', 'train:FAILED', 'evaluate:BLOCKED'],
  );
  assert.match(r.stderr, /\[train\] boom/);
  assert.match(r.stderr, /stage 'train' failed on Ray with exit code 3/);
  assert.ok(!existsSync(join(root, 'dvc.lock')) && !existsSync(join(root, 'data')), 'nothing was brought back');
});

test('mlops run --executor ray refuses clearly without an MLflow backend or an address', async () => {
  const root = exampleRepo();
  dirs.push(root);
  const noMlflow = await runCli(['run', '--executor', 'ray', '--ray-address', head.address], root);
  assert.equal(noMlflow.code, 2);
  assert.match(noMlflow.stderr, /reports into MLflow: choose an MLflow tracking server/);
  const noAddress = await runCli(['run', '--executor', 'ray'], root, { MLOPS_TRACKING_URI: mlflow.url });
  assert.equal(noAddress.code, 2);
  assert.match(noAddress.stderr, /needs the address of its dashboard/);
});

test('a sweep of 4 queued experiments runs on Ray 2 at a time: FINISHED in MLflow with the model, the best applied here from MLflow, dvc status clean', async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const root = exampleRepo();
  dirs.push(root);
  const env = { MLOPS_TRACKING_URI: mlflow.url };
  const queued = mlops(root, env, 'exp', 'run', '--queue', '-S', 'train.lr=0.02,0.05,0.1,0.2', '--json');
  assert.equal(queued.status, 0, queued.stderr);
  const started = mlops(root, env, 'queue', 'start', '-j', '2', '--executor', 'ray', '--ray-address', head.address);
  assert.equal(started.status, 0, started.stderr);
  const listed = (
    JSON.parse(mlops(root, env, 'exp', 'list', '--json').stdout) as {
      experiments: { name: string; run: string; params: Record<string, string>; metrics: Record<string, number> }[];
    }
  ).experiments;
  assert.deepEqual(listed.map((e) => e.params['train.lr']).sort(), ['0.02', '0.05', '0.1', '0.2']);
  const jobs = await listJobs(head.address);
  for (const e of listed) {
    assert.ok(
      jobs.some((j) => j.metadata['mlops.run'] === e.run),
      `experiment ${e.name} ran as a Ray job`,
    );
  }
  const inMlflow = mlflow.pythonJson(`
import json, mlflow
c = mlflow.MlflowClient()
out = {}
for run_id in ${JSON.stringify(listed.map((e) => e.run))}:
    r = c.get_run(run_id)
    out[run_id] = [r.info.status, r.data.metrics.get("accuracy"), [a.path for a in c.list_artifacts(run_id, "outputs")]]
print(json.dumps(out))`) as Record<string, [string, number, string[]]>;
  for (const e of listed) {
    const [status, accuracy, artifacts] = inMlflow[e.run] ?? [];
    assert.equal(status, 'FINISHED', e.name);
    assert.equal(accuracy, e.metrics.accuracy, `${e.name}: MLflow has the accuracy the experiment recorded`);
    assert.ok(artifacts?.includes('outputs/model.json'), `${e.name}: its model is an MLflow artifact`);
  }
  const best = [...listed].sort((a, b) => (b.metrics.accuracy ?? 0) - (a.metrics.accuracy ?? 0))[0]!;
  // As on a teammate's machine, or after `dvc gc`: this DVC cache holds none of the outputs; the run in MLflow does.
  rmSync(join(root, '.dvc/cache'), { recursive: true, force: true });
  const applied = mlops(root, env, 'exp', 'apply', best.name);
  assert.equal(applied.status, 0, applied.stderr);
  assert.match(applied.stderr, /model\.json.* from its MLflow run/, applied.stderr);
  assert.equal(JSON.parse(readFileSync(join(root, 'metrics.json'), 'utf8')).accuracy, best.metrics.accuracy);
  assert.ok(existsSync(join(root, 'model.json')));
  assert.deepEqual(dvcStatus(root), {}, 'dvc status is clean after applying the experiment made on Ray');
  const lock = readFileSync(join(root, 'dvc.lock'), 'utf8');
  const modelMd5 = /path: model\.json\n\s+hash: md5\n\s+md5: ([0-9a-f]{32})/.exec(lock)?.[1] ?? '';
  assert.equal(md5(join(root, 'model.json')), modelMd5, 'the model fetched is the one dvc.lock records');
  assert.ok(
    existsSync(join(root, '.dvc/cache/files/md5', modelMd5.slice(0, 2), modelMd5.slice(2))),
    'and it is cached',
  );
});

/**
 * The example, built and committed with a train stage that logs its 60 losses and then waits for `gate` to exist
 * (two minutes at most): its job is seen running with them, for as long as the test wants.
 */
function gatedExample(): { root: string; gate: string } {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const root = exampleRepo();
  dirs.push(root);
  const gate = join(mkdtempSync(join(tmpdir(), 'mlops-ray-gate-')), 'go');
  dirs.push(dirname(gate));
  const train = join(root, 'src/train.py');
  writeFileSync(
    train,
    `${readFileSync(train, 'utf8')}\nimport os, time\nfor _ in range(1200):\n    if os.path.exists(${JSON.stringify(gate)}):\n        break\n    time.sleep(0.1)\n`,
  );
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'train waits'], { cwd: root });
  return { root, gate };
}

/** The queue's first entry once `ready` holds for it (three minutes at most). */
async function entryWhen(root: string, ready: (e: QueueEntry) => boolean, said: () => string): Promise<QueueEntry> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const entry = listQueue(root).find(ready);
    if (entry) return entry;
    assert.ok(Date.now() < deadline, `the queue entry was not ready within three minutes; the queue said: ${said()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a queued experiment running on Ray shows the metrics its job logged to MLflow before it ends', async (t) => {
  const { root, gate } = gatedExample();
  // The worker and the job reach MLflow through a counting proxy that injects nothing: how often each asks.
  const counted = new Map<string, number[]>();
  const counting = await startFaultProxy(mlflow.url, (endpoint) => {
    counted.set(endpoint, [...(counted.get(endpoint) ?? []), Date.now()]);
    return 'pass';
  });
  const env = { MLOPS_TRACKING_URI: counting.url };
  assert.equal(mlops(root, env, 'exp', 'run', '--queue', '-S', 'train.lr=0.1').status, 0);
  const queue = rayQueue(root, env);
  let live: QueueEntry | undefined;
  try {
    live = await entryWhen(root, (e) => e.status === 'RUNNING' && e.metrics?.train_loss !== undefined, queue.stderr);
    // Seen while train still waits for the gate: not the values recorded once the job ended.
    const jobId = live.executor?.kind === 'ray' ? live.executor.jobId : '';
    assert.equal(jobId, `mlops-${live.task.exp.name}-${live.run?.slice(0, 8)}`, 'the job reads as its experiment');
    const log = await new RayJobsClient({ address: head.address }).logs(jobId);
    assert.doesNotMatch(log, /\[mlops\] stage train finished/, `the job was still training:\n${log}`);
    writeFileSync(gate, '');
    const code = await queue.exited(120_000);
    assert.equal(code, 0, `the queue ended ${code}; it said: ${queue.stderr()}`);
  } finally {
    queue.kill();
    await counting.close();
  }
  const [done] = listQueue(root);
  assert.equal(done?.status, 'SUCCESS', done?.message);
  // What the running entry showed is a point the job logged, read back from MLflow with its own client.
  const history = mlflow.pythonJson(`
import json, mlflow
print(json.dumps([m.value for m in mlflow.MlflowClient().get_metric_history(${JSON.stringify(live.run)}, "train_loss")]))`) as number[];
  assert.ok(history.includes(live.metrics?.train_loss as number), `${live.metrics?.train_loss} in ${history.join()}`);
  const perSecond = (endpoint: string): string => {
    const times = counted.get(endpoint) ?? [];
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    return `${times.length} in ${span.toFixed(1)} s`;
  };
  t.diagnostic(`MLflow requests: runs/get ${perSecond('runs/get')}, runs/log-batch ${perSecond('runs/log-batch')}`);
});

test("Cancel of a queued experiment running on Ray (the editor's: SIGTERM to its worker) stops its job: STOPPED, KILLED in MLflow", async () => {
  const { root } = gatedExample(); // the gate never opens: train waits until its job is stopped
  const env = { MLOPS_TRACKING_URI: mlflow.url };
  assert.equal(mlops(root, env, 'exp', 'run', '--queue', '-S', 'train.lr=0.2').status, 0);
  const queue = rayQueue(root, env);
  let running: QueueEntry;
  try {
    running = await entryWhen(root, (e) => e.status === 'RUNNING' && e.metrics?.train_loss !== undefined, queue.stderr);
    // What the table's Cancel does to a running experiment (extension/experiments/queue-control.ts killWorker).
    process.kill(-(running.pid as number), 'SIGTERM');
    const code = await queue.exited(120_000);
    assert.notEqual(code, 'hung', `the queue did not end within two minutes of the cancel; it said: ${queue.stderr()}`);
  } finally {
    queue.kill();
  }
  const jobId = running.executor?.kind === 'ray' ? running.executor.jobId : '';
  const job = (await listJobs(head.address)).find((j) => j.submission_id === jobId);
  assert.equal(job?.status, 'STOPPED', `Ray's state of ${jobId}`);
  const status = mlflow.pythonJson(`
import json, mlflow
print(json.dumps(mlflow.MlflowClient().get_run(${JSON.stringify(running.run)}).info.status))`);
  assert.equal(status, 'KILLED');
  const [entry] = listQueue(root);
  assert.equal(entry?.status, 'FAILED');
  assert.match(entry?.message ?? '', /the run ended KILLED/);
});

test('inputs not in git reach the job: linked from a folder every node mounts, or pulled from the DVC remote there', async () => {
  const env = { MLOPS_TRACKING_URI: mlflow.url, MLOPS_RAY_ADDRESS: head.address };
  const pipeline =
    'stages:\n  count:\n    cmd: wc -l < raw/data.txt > count.txt\n    deps:\n    - raw/data.txt\n    outs:\n    - count.txt\n';
  // --ray-data /folder: the folder every node mounts (here, the one machine's), laid out like the workspace.
  const shared = mkdtempSync(join(tmpdir(), 'mlops-ray-shared-'));
  dirs.push(shared);
  mkdirSync(join(shared, 'raw'));
  writeFileSync(join(shared, 'raw/data.txt'), 'a\nb\nc\n');
  const linked = dvcRepo({ 'dvc.yaml': pipeline, '.gitignore': '/raw/\n' });
  dirs.push(linked);
  mkdirSync(join(linked, 'raw'));
  writeFileSync(join(linked, 'raw/data.txt'), 'a\nb\nc\n');
  const viaLink = await runCli(['run', '--executor', 'ray', '--ray-data', shared, '--json'], linked, env);
  assert.equal(viaLink.code, 0, viaLink.stderr);
  assert.equal(readFileSync(join(linked, 'count.txt'), 'utf8').trim(), '3', 'the job read the shared copy');
  assert.deepEqual(dvcStatus(linked), {});

  // --ray-data dvc-remote: `dvc add`ed and pushed to a remote the cluster reads; the job pulls it.
  const remote = mkdtempSync(join(tmpdir(), 'mlops-ray-remote-'));
  dirs.push(remote);
  const pulled = dvcRepo({ 'dvc.yaml': pipeline });
  dirs.push(pulled);
  mkdirSync(join(pulled, 'raw'));
  writeFileSync(join(pulled, 'raw/data.txt'), 'a\nb\nc\nd\n');
  dvc(pulled, 'add', '-q', 'raw/data.txt');
  dvc(pulled, 'remote', 'add', '-d', 'store', remote);
  dvc(pulled, 'push', '-q');
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '-A'], { cwd: pulled });
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'data'], { cwd: pulled });
  const viaPull = await runCli(['run', '--executor', 'ray', '--ray-data', 'dvc-remote', '--json'], pulled, env);
  assert.equal(viaPull.code, 0, viaPull.stderr);
  assert.equal(readFileSync(join(pulled, 'count.txt'), 'utf8').trim(), '4', 'the job read what it pulled');
  assert.deepEqual(dvcStatus(pulled), {});

  // The `dvc add`ed file changed: its .dvc stage is committed here, as a local run commits it (a job never runs
  // one), and the job reads the new data from a folder every node mounts.
  const five = 'a\nb\nc\nd\ne\n';
  writeFileSync(join(pulled, 'raw/data.txt'), five);
  const mounted = mkdtempSync(join(tmpdir(), 'mlops-ray-shared-'));
  dirs.push(mounted);
  mkdirSync(join(mounted, 'raw'));
  writeFileSync(join(mounted, 'raw/data.txt'), five);
  const changed = await runCli(['run', '--executor', 'ray', '--ray-data', mounted, '--json'], pulled, env);
  assert.equal(changed.code, 0, changed.stderr);
  const stages = (JSON.parse(changed.stdout) as { stages: { name: string; status: string }[] }).stages;
  assert.deepEqual(
    stages.map((s) => [s.name, s.status]),
    [
      ['raw/data.txt.dvc', 'FINISHED'],
      ['count', 'FINISHED'],
    ],
  );
  assert.equal(readFileSync(join(pulled, 'count.txt'), 'utf8').trim(), '5', 'the job read the new data');
  const added = md5(join(pulled, 'raw/data.txt'));
  assert.match(readFileSync(join(pulled, 'raw/data.txt.dvc'), 'utf8'), new RegExp(`md5: ${added}`));
  assert.ok(existsSync(join(pulled, '.dvc/cache/files/md5', added.slice(0, 2), added.slice(2))), 'saved to the cache');
  assert.deepEqual(dvcStatus(pulled), {});
});

test('a head that dies mid-run: the experiment is FAILED with the reason, in MLflow too', async () => {
  const ray = new RayJobsClient({ address: head.address, timeoutMs: 2000 });
  const ws = workspace();
  writeFileSync(join(ws, 'src/slow.py'), 'import time\nprint("started", flush=True)\ntime.sleep(120)\n');
  const runId = await newRun('exp-ray-lost');
  const slow: RemoteStage[] = [{ id: 'slow', cmd: 'python3 src/slow.py', wdir: '', outs: [] }];
  let killed = false;
  const outcome = await runOnRay(
    ray,
    client,
    { ...job('exp-ray-lost', ws, runId, slow), files: [...SOURCES, 'src/slow.py'] },
    {
      pollMs: 300,
      lostAfterMs: 3000,
      onLog: (t) => {
        if (!killed && t.includes('[slow] started')) {
          killed = true;
          head.stop();
        }
      },
    },
  );
  assert.equal(outcome.state, 'FAILED');
  assert.match((outcome as { reason: string }).reason, /stopped answering/);
  const run = await client.getRun(runId);
  assert.equal(run.info.status, 'FAILED');
  head = await startRayHead(); // for the tests after this one
});

test('the head dies mid-sweep: the running experiment FAILED with the reason, the rest stay queued', async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const root = exampleRepo();
  dirs.push(root);
  // train takes a while, so the head can be killed while the first experiment runs.
  const train = join(root, 'src/train.py');
  writeFileSync(train, `import time\ntime.sleep(60)\n${readFileSync(train, 'utf8')}`);
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'slow train'], { cwd: root });
  const env = { MLOPS_TRACKING_URI: mlflow.url, MLOPS_RAY_LOST_AFTER: '3' };
  assert.equal(mlops(root, env, 'exp', 'run', '--queue', '-S', 'train.lr=0.05,0.1,0.2').status, 0);
  const queue = rayQueue(root, env);
  try {
    // Kill the head once Ray says the first experiment's job is running (within two minutes).
    const deadline = Date.now() + 120_000;
    while (!(await listJobs(head.address)).some((j) => j.status === 'RUNNING')) {
      assert.ok(Date.now() < deadline, `no job RUNNING on Ray within two minutes; the queue said: ${queue.stderr()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    head.stop();
    const code = await queue.exited(120_000);
    assert.equal(code, 1, `the queue ended ${code} two minutes after the head stopped; it said: ${queue.stderr()}`);
  } finally {
    queue.kill();
  }
  assert.match(queue.stderr(), /stay queued: the Ray cluster at .* is unreachable/);
  const status = JSON.parse(mlops(root, env, 'queue', 'status', '--json').stdout) as {
    experiments: { status: string; message: string | null }[];
  };
  const byStatus = status.experiments.map((e) => e.status).sort();
  assert.deepEqual(byStatus, ['FAILED', 'QUEUED', 'QUEUED']);
  const failed = status.experiments.find((e) => e.status === 'FAILED');
  assert.match(failed?.message ?? '', /the run ended FAILED: .*stopped answering/);
});
