// Experiments table rows for the panel tests and the first-paint bench, made by core's own tableRows from
// made-up revisions (deterministic): one HEAD baseline with `n` experiments, an older baseline, the working copy.
import type { QueueEntry } from '../../src/core/experiments/queue-store';
import { type ExpRow, tableRows } from '../../src/core/experiments/table-rows';

const HEAD = '1'.repeat(40);
const OLD = '2'.repeat(40);

export function experimentRows(n: number, opts: { running?: number; queued?: number } = {}): ExpRow[] {
  const values = (i: number) => ({
    params: { 'train.lr': String(0.01 * ((i % 10) + 1)), 'train.epochs': String(10 + (i % 5)), seed: '1' },
    metrics: { accuracy: 0.5 + ((i * 37) % 400) / 1000, loss: 1 - ((i * 37) % 400) / 1000 },
    deps: { 'data/train.csv': i % 3 === 0 ? 'changed' : 'h', 'src/train.py': 's' },
  });
  const base = { params: values(0).params, metrics: { accuracy: 0.6, loss: 0.95 }, deps: values(1).deps };
  const queue: QueueEntry[] = [];
  const pending = (opts.running ?? 0) + (opts.queued ?? 0);
  for (let i = 0; i < pending; i++)
    queue.push({
      task: {
        id: `q${i}`,
        exp: { baseline: HEAD, name: `pending-${i}` },
        snapshot: HEAD,
        gitRoot: '/r',
        dvcRoot: '/r',
        changes: [{ file: 'params.yaml', key: 'train.lr', op: 'change', value: 0.5 }],
        targets: [],
      },
      status: i < (opts.running ?? 0) ? 'RUNNING' : 'QUEUED',
      // A running experiment's latest live values, as its worker keeps them in its entry.
      ...(i < (opts.running ?? 0) ? { metrics: { loss: 0.9 + i / 100 } } : {}),
      created: 1_800_000_000_000 + i,
      ...(i === 0
        ? { executor: { kind: 'ray' as const, jobId: 'mlops-abc123', address: 'http://127.0.0.1:8265' } }
        : {}),
    });
  return tableRows({
    workspace: base,
    head: HEAD,
    baselines: [
      { commit: HEAD, subject: 'train on blobs', created: 1_700_000_000_000, values: base },
      { commit: OLD, subject: 'first pipeline', created: 1_690_000_000_000, values: base },
    ],
    committed: Array.from({ length: n }, (_, i) => ({
      name: `exp-${String(i).padStart(5, '0')}`,
      ref: `refs/exps/11/${HEAD.slice(2)}/exp-${i}`,
      baseline: HEAD,
      commit: i.toString(16).padStart(40, '0'),
      created: 1_700_000_100_000 + i * 1000,
      run: `run${i}`,
      source: 'mlops' as const,
      ...values(i),
    })),
    queue,
  });
}
