// Scale-out on a real 2-CPU Ray head (this machine) with a real MLflow server, beside the local executor
// on the same work:
// - submission overhead per experiment: `mlops run` of a one-stage no-op pipeline with `--executor ray`
//   (check, plan, pack, upload, submit, follow, collect, dvc.lock) minus the same `mlops run` with the local
//   executor, both tracking into the same MLflow server; target ≤ 1 s;
// - 8 one-CPU experiments (a 4 s busy loop each) submitted at once vs one after another on the same head;
//   target ≥ 1.8× (the limit is 2×: two CPUs), printed beside 8 local runs at 2 at a time.
// `MLOPS_BENCH_RAY_BUSY_S=1` shortens the busy loop (a quick check that the bench runs, not a measurement).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RayJobsClient } from '../src/core/executors/ray/jobs-client';
import { runOnRay, type RemoteStage } from '../src/core/executors/ray/ray-job';
import { MlflowClient } from '../src/core/tracking/mlflow/client';
import { startMlflowServer } from '../test/support/mlflow-server';
import { venvEnv } from '../test/support/python';
import { startRayHead } from '../test/support/ray-head';
import { dvcRepo } from '../test/support/runner-workspace';

const BUSY_SECONDS = Number(process.env.MLOPS_BENCH_RAY_BUSY_S ?? 4);
const REPO = join(__dirname, '..');
const BUSY = `import time\nend = time.process_time() + ${BUSY_SECONDS}\nwhile time.process_time() < end: pass\nprint("done", flush=True)\n`;

async function main(): Promise<void> {
  const [mlflow, head] = await Promise.all([startMlflowServer(), startRayHead()]);
  const dirs: string[] = [];
  try {
    const ray = new RayJobsClient({ address: head.address });
    const client = new MlflowClient({ trackingUri: mlflow.url });
    const experimentId = await client.ensureExperiment('ray-bench');
    const workspace = (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'mlops-ray-bench-'));
      dirs.push(dir);
      cpSync(join(__dirname, '../examples/blob-classifier'), dir, { recursive: true });
      writeFileSync(join(dir, 'busy.py'), BUSY);
      return dir;
    };
    const once = async (name: string, stages: RemoteStage[]): Promise<number> => {
      const runId = (await client.createRun({ experimentId, runName: name })).info.runId;
      const t = performance.now();
      const out = await runOnRay(
        ray,
        client,
        {
          name,
          workspace: workspace(),
          files: ['busy.py', 'params.yaml'],
          stages,
          data: {},
          runId,
          trackingUri: mlflow.url,
        },
        {}, // the follower's defaults, as the product runs: every 100 ms while the job changes, up to 1 s while quiet
      );
      if (out.state !== 'SUCCEEDED') throw new Error(`${name}: ${JSON.stringify(out)}`);
      return performance.now() - t;
    };
    // The same no-op `mlops run` (a stage with no deps always runs), on Ray and here, alternately, 5 times each.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
    const noopRepo = dvcRepo({ 'dvc.yaml': 'stages:\n  noop:\n    cmd: "true"\n' }, 'mlops-ray-noop-');
    dirs.push(noopRepo);
    const run = (...args: string[]): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), 'run', ...args], {
        cwd: noopRepo,
        encoding: 'utf8',
        env: venvEnv({ MLOPS_TRACKING_URI: mlflow.url, MLOPS_RAY_ADDRESS: head.address }),
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`mlops run ${args.join(' ')}: ${r.stderr}`);
      return performance.now() - t;
    };
    run('--executor', 'ray'); // the first job on a fresh head also starts its job agent's workers
    run();
    const rayNoop: number[] = [];
    const localNoop: number[] = [];
    for (let i = 0; i < 5; i++) {
      rayNoop.push(run('--executor', 'ray'));
      localNoop.push(run());
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    // The job alone (pack, upload, submit, follow, collect), as last measured, beside the command run here.
    const noop: RemoteStage[] = [{ id: 'noop', cmd: 'true', wdir: '', outs: [] }];
    const jobNoop: number[] = [];
    const processNoop: number[] = [];
    for (let i = 0; i < 5; i++) {
      jobNoop.push(await once(`noop-${i}`, noop));
      const t = performance.now();
      execFileSync('sh', ['-c', 'true'], { cwd: noopRepo });
      processNoop.push(performance.now() - t);
    }
    console.log(
      `no-op job alone: Ray ${median(jobNoop).toFixed(0)} ms vs a local process ${median(processNoop).toFixed(1)} ms`,
    );
    console.log(
      `no-op experiment, \`mlops run\` end to end: Ray ${median(rayNoop).toFixed(0)} ms vs local executor ${median(localNoop).toFixed(0)} ms → submission overhead ${((median(rayNoop) - median(localNoop)) / 1000).toFixed(2)} s (target ≤ 1 s; Ray's own job start — a supervisor process per job — is inside it)`,
    );

    const busy: RemoteStage[] = [{ id: 'busy', cmd: 'python busy.py', wdir: '', outs: [] }];
    let t = performance.now();
    for (let i = 0; i < 8; i++) await once(`serial-${i}`, busy);
    const serial = performance.now() - t;
    t = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => once(`parallel-${i}`, busy)));
    const parallel = performance.now() - t;

    // The same 8 on this machine with the local executor's model: processes, 2 at a time.
    t = performance.now();
    const pending = Array.from({ length: 8 }, () => workspace());
    const worker = async (): Promise<void> => {
      for (let dir = pending.pop(); dir; dir = pending.pop()) {
        await new Promise<void>((resolve, reject) =>
          spawn('python3', ['busy.py'], { cwd: dir, env: venvEnv(), stdio: 'ignore' })
            .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))))
            .on('error', reject),
        );
      }
    };
    await Promise.all([worker(), worker()]);
    const local = performance.now() - t;
    console.log(
      `8 one-CPU experiments (${BUSY_SECONDS} s of CPU each) on the 2-CPU head: serial ${(serial / 1000).toFixed(1)} s, all submitted at once ${(parallel / 1000).toFixed(1)} s → ${(serial / parallel).toFixed(2)}× (target ≥ 1.8×; limit 2× on ${cpus().length} cores); local executor -j 2: ${(local / 1000).toFixed(1)} s (floor ${(8 * BUSY_SECONDS) / 2} s)`,
    );
  } finally {
    head.stop();
    await mlflow.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

void main();
