// `mlops plots diff --json` against `dvc plots diff --json --split` on plots totalling 100k rows over two
// revisions (a 50k-row CSV loss curve and a 50k-row JSON ROC curve, changed between HEAD and the working copy),
// and `mlops metrics diff --json` against `dvc metrics diff --json`. Both CLIs run as processes, the same
// repository, the same run; targets ≤ 0.1× DVC's time. Prints times, ratios and Node's start-up floor.
// One thread: a second parsing beside it (session 9, a54c6b2) was slower on a quiet machine (wall 211 vs 196 ms, CPU
// 299 vs 244 ms, 31 interleaved runs) and was taken out.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvBin, venvEnv } from '../test/support/python';

// Smaller sizes only to check the bench runs (MLOPS_BENCH_ROWS=2000 MLOPS_BENCH_RUNS=1).
const ROWS = Number(process.env.MLOPS_BENCH_ROWS ?? 50_000);
const RUNS = Number(process.env.MLOPS_BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'mlops-plots-bench-'));
const sh = (cmd: string, args: string[]): void => {
  execFileSync(cmd, args, { cwd: dir, env: venvEnv(), stdio: 'ignore' });
};

function write(k: number): void {
  let csv = 'step,loss,acc\n';
  for (let i = 0; i < ROWS; i++) csv += `${i},${(1 / (1 + i * 0.001 + k)).toFixed(6)},${(i / ROWS).toFixed(6)}\n`;
  writeFileSync(join(dir, 'loss.csv'), csv);
  const roc = Array.from({ length: ROWS }, (_, i) => ({
    fpr: i / ROWS,
    tpr: Math.min(1, Math.sqrt(i / ROWS) + k / 100),
    threshold: 1 - i / ROWS,
  }));
  writeFileSync(join(dir, 'roc.json'), JSON.stringify({ roc }));
  writeFileSync(
    join(dir, 'metrics.json'),
    JSON.stringify({ acc: 0.9 + k / 100, loss: { train: 0.1 - k / 100, test: 0.2 } }),
  );
}

writeFileSync(
  join(dir, 'dvc.yaml'),
  `stages:\n  train:\n    cmd: echo\n    metrics:\n      - metrics.json:\n          cache: false\n    plots:\n      - loss.csv:\n          cache: false\n          x: step\n          y: loss\nplots:\n  - roc.json:\n      x: fpr\n      y: tpr\n      template: simple\n`,
);
sh('git', ['init', '-q']);
sh(join(venvBin(), 'dvc'), ['init', '-q']);
write(0);
sh('git', ['add', '-A']);
sh('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', 'commit', '-qm', 'v1']);
write(1);

function median(cmd: string, args: string[]): { ms: number; out: string } {
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: dir, env: venvEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    out = r.stdout;
  }
  return { ms: times.sort((a, b) => a - b)[RUNS >> 1]!, out };
}

const mlops = (args: string[]) => median(process.execPath, [join(__dirname, '../dist/cli.js'), ...args]);
const dvc = (args: string[]) => median(join(venvBin(), 'dvc'), args);

const oursPlots = mlops(['plots', 'diff', '--json']);
const dvcPlots = dvc(['plots', 'diff', '--json', '--split']);
const rows = (out: string): number =>
  Object.values(
    (JSON.parse(out) as { data: Record<string, { anchor_definitions?: Record<string, unknown[]> }[]> }).data,
  )
    .flat()
    .reduce((n, r) => n + (r.anchor_definitions?.['<DVC_METRIC_DATA>']?.length ?? 0), 0);
console.log(`sanity: rows mlops ${rows(oursPlots.out)}, dvc ${rows(dvcPlots.out)} (2 revisions × ${2 * ROWS})`);
const oursMetrics = mlops(['metrics', 'diff', '--json']);
const dvcMetrics = dvc(['metrics', 'diff', '--json']);
const floor = median(process.execPath, ['-e', '0']);
// Beside each ratio, Node's own start-up over DVC's time: no Node CLI can go below it on this machine.
const row = (label: string, a: number, b: number, target: string): void =>
  console.log(
    `  ${label.padEnd(34)} mlops ${a.toFixed(0).padStart(6)} ms  dvc ${b.toFixed(0).padStart(6)} ms  = ${(a / b).toFixed(3)}× (target ${target}; node -e 0 alone ${(floor.ms / b).toFixed(3)}×)`,
  );
row(`plots diff --json (${(4 * ROWS) / 1000}k rows out)`, oursPlots.ms, dvcPlots.ms, '≤ 0.1×');
row('metrics diff --json', oursMetrics.ms, dvcMetrics.ms, '≤ 0.1×');
console.log(`  node -e 0 alone: ${floor.ms.toFixed(0)} ms — the floor of any Node CLI`);
// What is ours above that floor: loading our code, git, reading and writing.
console.log(
  `  above node -e 0: plots diff ${(oursPlots.ms - floor.ms).toFixed(0)} ms, metrics diff ${(oursMetrics.ms - floor.ms).toFixed(0)} ms`,
);
console.log(
  `  machine: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} (wall times stretch with load)`,
);
rmSync(dir, { recursive: true, force: true });
