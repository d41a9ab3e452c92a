// How long "Start local MLflow server" takes: spawn of `mlflow server` over a workspace's mlflow.db or
// mlruns/ (made by Python `mlflow`) until GET /health answers, then the first page of runs through our
// client, and stop. Prints numbers, asserts none. Runs: MLOPS_BENCH_LOCAL_MLFLOW_RUNS (3).
import { startLocalMlflowServer } from '../src/core/tracking/mlflow/local-server';
import { MlflowTrackingStore } from '../src/core/tracking/mlflow/store';
import { mlflowTestEnv, mlflowWorkspace } from '../test/support/mlflow-workspace';
import { venvBin } from '../test/support/python';

const RUNS = Number(process.env.MLOPS_BENCH_LOCAL_MLFLOW_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  for (const kind of ['sqlite', 'file'] as const) {
    const ws = mlflowWorkspace(kind);
    const health: number[] = [];
    const firstPage: number[] = [];
    const stop: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const server = await startLocalMlflowServer({
          folder: ws.folder,
          selectedPythonBin: venvBin(),
          env: mlflowTestEnv(),
        });
        try {
          health.push(server.startMs);
          const t = performance.now();
          const store = new MlflowTrackingStore({ trackingUri: server.url });
          const items = (await store.searchRuns({ pageSize: 100 })).items;
          if (items.length !== 1) throw new Error(`expected the one logged run, got ${items.length}`);
          firstPage.push(performance.now() - t);
        } finally {
          const t = performance.now();
          await server.stop();
          stop.push(performance.now() - t);
        }
      }
    } finally {
      ws.remove();
    }
    const fmt = (xs: number[]) => `median ${Math.round(median(xs))} ms (${xs.map((x) => Math.round(x)).join(', ')})`;
    console.log(
      `${kind === 'sqlite' ? 'mlflow.db' : 'mlruns/  '}  spawn → /health: ${fmt(health)};  first runs page: ${fmt(firstPage)};  stop: ${fmt(stop)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
