// Our MLflow REST client against a real `mlflow server` (SQLite, 1 worker): log-batch throughput (chunked
// at MLflow's 1000-metrics limit), paged metric-history reads, and what the fault retries cost (a proxy
// failing every third log-batch call). Prints numbers, asserts none.
// Size: MLOPS_BENCH_MLFLOW_POINTS (20000).
import { MlflowClient } from '../src/core/tracking/mlflow/client';
import { startFaultProxy } from '../test/support/fault-proxy';
import { startMlflowServer } from '../test/support/mlflow-server';

const POINTS = Number(process.env.MLOPS_BENCH_MLFLOW_POINTS ?? 20_000);
const CALL = 5000; // points handed to one logBatch (split into 5 requests)

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} points/s`;

async function logAll(client: MlflowClient, runId: string, key: string): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < POINTS; i += CALL) {
    const points = Array.from({ length: Math.min(CALL, POINTS - i) }, (_, j) => ({
      key,
      value: Math.sin(i + j),
      step: i + j,
      timestamp: 1_700_000_000_000 + i + j,
    }));
    await client.logBatch(runId, { metrics: points });
  }
  return performance.now() - t;
}

async function main(): Promise<void> {
  const server = await startMlflowServer();
  try {
    const client = new MlflowClient({ trackingUri: server.url });
    const exp = await client.createExperiment('bench');
    const run = await client.createRun({ experimentId: exp, runName: 'bench' });
    const id = run.info.runId;

    const logMs = await logAll(client, id, 'clean');
    console.log(`log-batch: ${POINTS} points in ${(logMs / 1000).toFixed(1)} s (${rate(POINTS, logMs)})`);

    for (const page of [25_000, 5000]) {
      const t = performance.now();
      const history = await client.getMetricHistory(id, 'clean', page);
      const ms = performance.now() - t;
      console.log(
        `get-history: ${history.length} points in pages of ${page}: ${(ms / 1000).toFixed(2)} s (${rate(history.length, ms)})`,
      );
    }

    const proxy = await startFaultProxy(server.url, (endpoint, n) =>
      endpoint === 'runs/log-batch' && n % 3 === 1 ? (n % 2 ? '503' : 'reset-after') : 'pass',
    );
    try {
      const faulty = new MlflowClient({ trackingUri: proxy.url, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
      const faultMs = await logAll(faulty, id, 'faulty');
      const injected = [...proxy.injected]
        .filter(([f]) => f !== 'pass')
        .map(([f, n]) => `${n}× ${f}`)
        .join(', ');
      console.log(
        `log-batch through faults (${injected}): ${(faultMs / 1000).toFixed(1)} s (${rate(POINTS, faultMs)}), ${(faultMs / logMs).toFixed(2)}× the clean time`,
      );
      const back = await client.getMetricHistory(id, 'faulty');
      console.log(
        `after faults: ${back.length} points stored for ${POINTS} sent (${new Set(back.map((m) => m.step)).size} distinct steps)`,
      );
    } finally {
      await proxy.close();
    }
  } finally {
    await server.stop();
  }
}

void main();
